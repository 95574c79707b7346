/**
 * The SDK as another project gets it: `npm pack` of the workspace (its prepack builds it), the tarball
 * installed offline into a fresh project, imported by a plain ESM script (no TypeScript, no bundler)
 * that talks to a running service, and its declarations type-checked from a TypeScript file there.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, normalize } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestService } from '../support/service.js'

const run = promisify(execFile)
const root = fileURLToPath(new URL('../..', import.meta.url))
const tsc = join(root, 'node_modules', '.bin', 'tsc')

/** Without the npm_* variables of an enclosing `npm run`, which would point the inner npm elsewhere. */
const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('npm_')))

let service: Awaited<ReturnType<typeof startTestService>>
let project: string
let tarball: string

beforeAll(async () => {
  service = await startTestService()
  project = mkdtempSync(join(tmpdir(), 'sluice-packed-'))
  await run('npm', ['pack', '--workspace', '@sluice/sdk', '--pack-destination', project], { cwd: root, env })
  const [packed] = readdirSync(project).filter((name) => name.endsWith('.tgz'))
  tarball = join(project, packed as string)
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'uses-sluice', private: true, type: 'module' }),
  )
  // The SDK has no dependencies, so nothing needs the registry: a cache of its own proves it.
  await run(
    'npm',
    ['install', tarball, '--offline', '--cache', join(project, '.npm-cache'), '--no-audit', '--no-fund'],
    { cwd: project, env },
  )
}, 180_000)

afterAll(async () => {
  await service?.stop()
  if (project) rmSync(project, { recursive: true, force: true })
})

describe('the packed SDK in another project', { timeout: 60_000 }, () => {
  it('the tarball holds the built package and nothing else', async () => {
    const { stdout } = await run('tar', ['-tzf', tarball])
    const files = stdout.trim().split('\n')
    expect(files).toContain('package/package.json')
    expect(files).toContain('package/dist/index.js')
    expect(files).toContain('package/dist/index.d.ts')
    expect(
      files.filter((f) => !/^package\/(dist\/.+\.(js|d\.ts)|package\.json|README\.md)$/.test(f)),
    ).toEqual([])
  })

  it('an ESM script imports it and produces, consumes and gets typed errors from the service', async () => {
    writeFileSync(
      join(project, 'main.js'),
      `import { Sluice, TopicNotFoundError } from '@sluice/sdk'

const sluice = new Sluice({ url: process.argv[2] })
const topic = 'packed-' + Date.now()
await sluice.admin().createTopics({ topics: [{ topic, numPartitions: 2 }] })
const producer = sluice.producer()
const sent = await producer.send({ topic, messages: [{ key: 'k', value: 'from the tarball' }] })
await producer.close()

const quiet = { info() {}, warn() {}, error() {} }
const consumer = sluice.consumer({ groupId: topic, logger: quiet })
let received
const consumed = new Promise((resolve) => { received = resolve })
await consumer.subscribe({ topics: [topic], fromBeginning: true })
await consumer.run({ eachMessage: async ({ message }) => received(message.value) })
const value = await consumed
await consumer.stop()

const missing = await sluice.admin().fetchTopicOffsets('no-such-topic').catch((error) => error)
console.log(JSON.stringify({
  sent: sent.map(({ offset }) => offset),
  value,
  missing: missing instanceof TopicNotFoundError ? missing.code : String(missing),
}))
`,
    )
    const { stdout } = await run('node', ['main.js', service.url], { cwd: project, env })
    expect(JSON.parse(stdout)).toEqual({ sent: [0], value: 'from the tarball', missing: 'TOPIC_NOT_FOUND' })
  })

  it('its declarations type-check, and show the consumer only as its public methods', async () => {
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'es2022',
          module: 'nodenext',
          moduleResolution: 'nodenext',
          lib: ['es2022', 'dom'],
          types: [],
          strict: true,
          noEmit: true,
          skipLibCheck: false,
        },
        files: ['check.ts'],
      }),
    )
    writeFileSync(
      join(project, 'check.ts'),
      `import { type Consumer, type RebalanceEvent, Sluice, type TopicPartitionOffset } from '@sluice/sdk'
// @ts-expect-error the leases a consumer holds are not part of the package
import type { OwnedPartition } from '@sluice/sdk'
// @ts-expect-error nor are its modules
import type { ConsumerRunner } from '@sluice/sdk/dist/consumer/runner.js'

const sluice = new Sluice({ url: 'http://127.0.0.1:4100', retry: { retries: 2 } })
const consumer: Consumer = sluice.consumer({ groupId: 'g' })
const offsets: TopicPartitionOffset[] = [{ topic: 't', partition: 0, offset: 1 }]
const onRebalance = (event: RebalanceEvent) => event.revoked.map((p) => p.reason)
export const used = [consumer.subscribe, consumer.run, consumer.stop, consumer.on, onRebalance, offsets]
export const commit = () => consumer.commitOffsets(offsets)
export const publicNames = [consumer.groupId, consumer.memberId, consumer.assignment()]

// @ts-expect-error internals of the consumer are not in its type
consumer.owned
// @ts-expect-error
consumer.leaseOf('t', 0)
// @ts-expect-error
consumer.committed(offsets)
// @ts-expect-error
consumer.transactionFailed(new Error(), 't')
// @ts-expect-error
consumer.fenced
// @ts-expect-error
consumer.revoke
// @ts-expect-error
consumer.rebalanced
export type Unused = OwnedPartition | ConsumerRunner
`,
    )
    const checked = await run(tsc, ['-p', project], { cwd: project, env }).catch(
      (error: { stdout?: string }) => error,
    )
    expect('stdout' in checked ? checked.stdout : '').toBe('')
  })

  it('every module its declarations reach declares only what the package exports', () => {
    expect(undeclaredExports(join(project, 'node_modules', '@sluice', 'sdk', 'dist'))).toEqual([])
  })
})

/**
 * Declarations reachable from `index.d.ts` that the index does not export: internals a user's editor
 * would show in the SDK's types. A module the index re-exports whole (`export *`) counts as public.
 */
function undeclaredExports(dist: string): string[] {
  const read = (file: string) => readFileSync(join(dist, file), 'utf8')
  const index = read('index.d.ts')
  const target = (from: string, spec: string) =>
    normalize(join(dirname(from), spec.replace(/\.js$/, '.d.ts')))
  const wholesale = new Set(
    [...index.matchAll(/export (?:type )?\* from '([^']+)'/g)].map((m) =>
      target('index.d.ts', m[1] as string),
    ),
  )
  const named = new Set(
    [...index.matchAll(/export (?:type )?\{([^}]*)\}/g)].flatMap((m) =>
      (m[1] as string)
        .split(',')
        .map((name) => name.replace(/^\s*type\s+/, '').trim())
        .filter(Boolean),
    ),
  )
  const leaks: string[] = []
  const seen = new Set<string>()
  const queue = ['index.d.ts']
  for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
    if (seen.has(file)) continue
    seen.add(file)
    const text = read(file)
    for (const m of text.matchAll(/from '(\.[^']+)'/g)) queue.push(target(file, m[1] as string))
    if (file === 'index.d.ts' || wholesale.has(file)) continue
    const declared =
      /^export (?:declare )?(?:abstract )?(?:class|function|const|let|interface|type|enum) (\w+)/gm
    for (const m of text.matchAll(declared)) if (!named.has(m[1] as string)) leaks.push(`${file}: ${m[1]}`)
  }
  return leaks
}
