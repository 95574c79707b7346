/** The `sluice` CLI end to end, as a child process against the local service. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort } from '../../functions/local/emulators.js'
import { partitionForKey } from '../../sdk/src/index.js'
import { runSluice } from '../support/cli.js'
import { startTestService } from '../support/service.js'

let service: Awaited<ReturnType<typeof startTestService>>

beforeAll(async () => {
  service = await startTestService()
}, 120_000)

afterAll(async () => {
  await service?.stop()
})

const sluice = (args: string[], stdin = '') => runSluice(service.url, args, stdin)

describe('sluice CLI', { timeout: 90_000 }, () => {
  const topic = `cli-${Date.now()}`

  it('creates a topic, pipes lines in, consumes them out', async () => {
    const created = await sluice(['topics', 'create', topic, '--partitions', '3', '--retention', '2d'])
    expect(created).toMatchObject({ code: 0, stderr: '' })
    expect(created.stdout).toContain(`Created topic ${topic} (3 partitions, retention 2d)`)

    const lines = Array.from({ length: 300 }, (_, i) => `line ${i}`)
    const produced = await sluice(['produce', topic], `${lines.join('\n')}\n`)
    expect(produced).toMatchObject({ code: 0, stdout: '', stderr: '' })

    const consumed = await sluice(['consume', topic, '--from-beginning', '--max', '300'])
    expect(consumed.code).toBe(0)
    expect(consumed.stdout.trimEnd().split('\n').sort()).toEqual([...lines].sort())
  })

  it('splits keys with --key-separator and reports offsets with --verbose, in input order', async () => {
    const keyed = `${topic}-keyed`
    await sluice(['topics', 'create', keyed, '--partitions', '4'])
    const keys = ['a', 'b', 'a', 'c', 'a']
    const input = keys.map((key, i) => `${key}:${i}`).join('\n')
    const produced = await sluice(['produce', keyed, '--key-separator', ':', '--verbose'], `${input}\n`)
    expect(produced.code).toBe(0)
    const placed = produced.stdout
      .trimEnd()
      .split('\n')
      .map((line) => line.split('\t').map(Number))
    expect(placed.map(([partition]) => partition)).toEqual(keys.map((key) => partitionForKey(key, 4)))

    const partition = partitionForKey('a', 4)
    const onPartition = keys.filter((key) => partitionForKey(key, 4) === partition).length
    const consumed = await sluice([
      ...['consume', keyed, '--partition', String(partition), '--offset', 'earliest'],
      ...['--max', String(onPartition), '--format', 'json'],
    ])
    const records = consumed.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line))
    const ofA = records.filter((r) => r.key === 'a')
    expect(ofA.map((r) => [r.value, r.partition])).toEqual([
      ['0', partition],
      ['2', partition],
      ['4', partition],
    ])
  })

  it('exits at the end offsets of the start with -e (--exit-at-end), so a pipe ends', async () => {
    const ended = await sluice(['consume', topic, '--from-beginning', '-e'])
    expect(ended.code, ended.stderr).toBe(0)
    expect(ended.stdout.trimEnd().split('\n')).toHaveLength(300)
    const fromLatest = await sluice(['consume', topic, '--exit-at-end'])
    expect(fromLatest).toMatchObject({ code: 0, stdout: '' })
    const partition = await sluice(['consume', topic, '--partition', '0', '--offset', 'earliest', '-e'])
    const ends = JSON.parse((await sluice(['--json', 'topics', 'describe', topic])).stdout).offsets
    expect(partition.stdout.split('\n').filter(Boolean)).toHaveLength(ends[0].endOffset)
  })

  it('stops consuming after --timeout-ms without records', async () => {
    const consumed = await sluice(['consume', topic, '--timeout-ms', '300'])
    expect(consumed).toMatchObject({ code: 0, stdout: '' })
  })

  it('describes and lists topics as tables, or JSON with --json', async () => {
    const described = await sluice(['topics', 'describe', topic])
    expect(described.code).toBe(0)
    expect(described.stdout).toContain(`Topic: ${topic}  Partitions: 3  Retention: 2d`)
    expect(described.stdout).toMatch(/PARTITION\s+START OFFSET\s+END OFFSET/)
    const asJson = JSON.parse((await sluice(['--json', 'topics', 'describe', topic])).stdout)
    expect(asJson).toMatchObject({ name: topic, partitions: 3, retentionMs: 172_800_000 })
    const ends = asJson.offsets.map((o: { endOffset: number }) => o.endOffset)
    expect(ends.reduce((a: number, b: number) => a + b, 0)).toBe(300)

    const listed = await sluice(['topics', 'list'])
    expect(listed.stdout).toMatch(/^NAME\s+PARTITIONS\s+RETENTION\s+CREATED/)
    expect(listed.stdout).toMatch(new RegExp(`${topic}\\s+3\\s+2d`))
    const names = JSON.parse((await sluice(['topics', 'list', '--json'])).stdout).map(
      (t: { name: string }) => t.name,
    )
    expect(names).toContain(topic)
  })

  it('says "1 partition", not "1 partitions"', async () => {
    const single = await sluice(['topics', 'create', `${topic}-single`, '--partitions', '1'])
    expect(single.stdout).toBe(`Created topic ${topic}-single (1 partition, retention 1w)\n`)
  })

  it('takes a --url without a scheme as http://', async () => {
    const bare = service.url.replace(/^http:\/\//, '')
    const listed = await runSluice(bare, ['topics', 'list'])
    expect(listed.stderr).toBe('')
    expect(listed).toMatchObject({ code: 0 })
  })

  it('says where it looked and what to do when the service cannot be reached', async () => {
    const url = `http://127.0.0.1:${await freePort()}`
    const down = await runSluice(url, ['topics', 'list'])
    expect(down.code).toBe(1)
    expect(down.stderr).toContain(
      `cannot reach Sluice at ${url}: is \`npm start\` running? Set SLUICE_URL or --url`,
    )
  })

  it('alters and deletes topics', async () => {
    const altered = await sluice(['topics', 'alter', topic, '--partitions', '5', '--retention', 'forever'])
    expect(altered.stdout).toContain(`Altered topic ${topic} (5 partitions, retention forever)`)
    expect(await sluice(['topics', 'delete', topic])).toMatchObject({
      code: 0,
      stdout: `Deleted topic ${topic}\n`,
    })
  })

  it("prints the API's code and message and exits non-zero on errors", async () => {
    const missing = await sluice(['topics', 'describe', 'no-such-topic'])
    expect(missing.code).toBe(1)
    expect(missing.stderr).toMatch(/^error: TOPIC_NOT_FOUND: /)
    const shrink = await sluice(['topics', 'create', `${topic}-x`, '--partitions', '0'])
    expect(shrink.code).toBe(1)
    expect(shrink.stderr).toMatch(/^error: INVALID_REQUEST: /)
    const badOption = await sluice(['topics', 'create', 'x', '--partitions', 'many'])
    expect(badOption.code).toBe(1)
    expect(badOption.stderr).toBe(
      'error: INVALID_REQUEST: --partitions must be an integer from 1 to 1024; got "many"\n',
    )
    const unknownTopic = await sluice(['produce', 'no-such-topic'], 'x\n')
    expect(unknownTopic.code).toBe(1)
    expect(unknownTopic.stderr).toMatch(/^error: TOPIC_NOT_FOUND: /)
  })
})
