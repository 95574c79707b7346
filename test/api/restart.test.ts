import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { freePort } from '../../functions/local/emulators.js'
import type { RunningService } from '../../functions/local/serve.js'
import { api } from '../support/http.js'
import { startTestService, testStorage } from '../support/service.js'
import { type Ack, expectExactlyOnce, type FetchedRecord, readPartition } from './support/log.js'

/** Stopping and starting the service: data and offsets carry on where they were. */

const running: RunningService[] = []
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()))
})

async function produce(
  call: ReturnType<typeof api>,
  topic: string,
  values: string[],
  acks: Map<string, Ack>,
) {
  const answer = await call('POST', `/v1/topics/${topic}/records`, {
    records: values.map((value, i) => ({ value, partition: i % 2 })),
  })
  expect(answer.status, JSON.stringify(answer.body)).toBe(200)
  answer.body.records.forEach((ack: Ack, i: number) => {
    acks.set(values[i] as string, ack)
  })
  return answer.body.records as Ack[]
}

async function readBoth(call: ReturnType<typeof api>, topic: string) {
  return new Map<number, FetchedRecord[]>([
    [0, (await readPartition(call, topic, 0)).records],
    [1, (await readPartition(call, topic, 1)).records],
  ])
}

const values = (label: string, n: number) => Array.from({ length: n }, (_, i) => `${label}-${i}`)

describe('restarting the service on the same storage', () => {
  it('keeps the data and continues the offsets, also with two instances running at once', async () => {
    const storage = testStorage()
    const acks = new Map<string, Ack>()
    const first = await startTestService({ storage })
    running.push(first)
    const a = api(first.url)
    await a('POST', '/v1/topics', { name: 'kept', partitions: 2 })
    await produce(a, 'kept', [...values('first', 4), 'L'.repeat(10_000)], acks)
    await first.stop()
    running.splice(running.indexOf(first), 1)

    const second = await startTestService({ storage })
    const third = await startTestService({ storage })
    running.push(second, third)
    const b = api(second.url)
    const c = api(third.url)
    expect((await b('GET', '/v1/topics/kept')).body.offsets).toEqual([
      { partition: 0, startOffset: 0, endOffset: 3 },
      { partition: 1, startOffset: 0, endOffset: 2 },
    ])
    const continued = await produce(b, 'kept', values('second', 2), acks)
    expect(continued).toEqual([
      expect.objectContaining({ partition: 0, offset: 3 }),
      expect.objectContaining({ partition: 1, offset: 2 }),
    ])
    await Promise.all([
      produce(b, 'kept', values('b', 6), acks),
      produce(c, 'kept', values('c', 6), acks),
      produce(b, 'kept', values('b2', 3), acks),
      produce(c, 'kept', values('c2', 3), acks),
    ])
    const fromB = await readBoth(b, 'kept')
    expectExactlyOnce(acks, fromB)
    expect(await readBoth(c, 'kept')).toEqual(fromB)
  })
})

/** The child's stdout until `pattern` appears; rejects if it exits first. */
function waitForOutput(child: ChildProcess, pattern: RegExp): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let output = ''
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const match = output.match(pattern)
      if (match) {
        child.stdout?.off('data', onData)
        resolve(match)
      }
    }
    child.stdout?.on('data', onData)
    child.once('exit', (code) =>
      reject(new Error(`exited with ${code} before printing ${pattern}: ${output}`)),
    )
  })
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode)
    else child.once('exit', (code) => resolve(code))
  })

/** Processes whose command line mentions the data dir: DynamoDB Local's java is started with it. */
const processesUsing = (dir: string) =>
  spawnSync('pgrep', ['-f', dir], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean).map(Number)

describe('npm start', () => {
  const children: ChildProcess[] = []
  let dataDir: string | undefined
  afterEach(() => {
    // Only on failure is anything left: end what this test started, by pid.
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL')
    if (dataDir) {
      for (const pid of processesUsing(dataDir)) process.kill(pid, 'SIGKILL')
      rmSync(dataDir, { recursive: true, force: true })
    }
  })

  /** `npm start` runs `tsx functions/local/main.ts`; this runs the same, without npm in between. */
  async function start(dir: string) {
    const port = await freePort()
    const child = spawn(join('node_modules', '.bin', 'tsx'), ['functions/local/main.ts'], {
      env: { ...process.env, PORT: String(port), SLUICE_DATA_DIR: dir },
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    children.push(child)
    const [, url] = await waitForOutput(child, /Sluice is running at (http:\/\/\S+)/)
    expect(url).toBe(`http://127.0.0.1:${port}`)
    return { child, call: api(url as string) }
  }

  async function stop(child: ChildProcess, dir: string) {
    child.kill('SIGTERM')
    expect(await exited(child)).toBe(0)
    expect(processesUsing(dir), 'processes left running').toEqual([])
  }

  it('keeps data under SLUICE_DATA_DIR across a SIGTERM and a start, leaving nothing running', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'sluice-start-'))
    const acks = new Map<string, Ack>()

    const first = await start(dataDir)
    expect((await first.call('GET', '/health')).body).toEqual({ status: 'ok' })
    expect((await first.call('POST', '/v1/topics', { name: 'durable', partitions: 2 })).status).toBe(201)
    await produce(first.call, 'durable', [...values('before', 5), 'L'.repeat(10_000)], acks)
    await stop(first.child, dataDir)

    const second = await start(dataDir)
    const read = await readBoth(second.call, 'durable')
    expectExactlyOnce(acks, read)
    const continued = await produce(second.call, 'durable', values('after', 2), acks)
    expect(continued.map((a) => a.offset)).toEqual([3, 3])
    expectExactlyOnce(acks, await readBoth(second.call, 'durable'))
    await stop(second.child, dataDir)
    // Two DynamoDB Local (JVM) starts: about 20 s on a quiet 2-core machine, far more when it is loaded.
  }, 180_000)
})
