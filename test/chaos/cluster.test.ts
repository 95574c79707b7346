import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it, onTestFinished, vi } from 'vitest'
import { startCluster } from '../../chaos/cluster/cluster.js'
import type { Cluster, ServiceInstance } from '../../chaos/cluster/types.js'
import { api } from '../support/http.js'

/**
 * A local cluster: two `npm start` processes on one DynamoDB Local and one s3rver, each through its
 * own fault proxies. The faults are a process's own: kill -9, a stopped process (a frozen Lambda
 * instance, a GC pause), a skewed clock.
 */
const SKEW_MS = 120_000
let cluster: Cluster
let n1: ServiceInstance
let n2: ServiceInstance

beforeAll(async () => {
  cluster = await startCluster({ instances: 2, instanceOptions: [{}, { clockSkewMs: SKEW_MS }] })
  ;[n1, n2] = cluster.instances as [ServiceInstance, ServiceInstance]
})
afterAll(async () => {
  await cluster?.stop()
})

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/** Whether anything accepts connections at `url`. */
const listening = (url: string) =>
  new Promise<boolean>((resolve) => {
    const { hostname, port } = new URL(url)
    const socket = connect(Number(port), hostname)
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })

const records = async (instance: ServiceInstance, topic: string) => {
  const answer = await api(instance.url)('GET', `/v1/topics/${topic}/partitions/0/records?offset=0`)
  expect(answer.status).toBe(200)
  return answer.body.records.map((r: { value: string }) => r.value)
}

const produce = async (instance: ServiceInstance, topic: string, value: string) => {
  const answer = await api(instance.url)('POST', `/v1/topics/${topic}/records`, { records: [{ value }] })
  expect(answer.status, JSON.stringify(answer.body)).toBe(200)
  return answer.body.records[0] as { offset: number; timestamp: number }
}

describe('a local cluster of two instances', () => {
  it('serves one log: produced through one instance, fetched through the other', async () => {
    expect((await api(n1.url)('POST', '/v1/topics', { name: 'shared', partitions: 1 })).status).toBe(201)
    await produce(n1, 'shared', 'from-n1')
    await produce(n2, 'shared', 'from-n2')
    expect(await records(n2, 'shared')).toEqual(['from-n1', 'from-n2'])
    expect(await records(n1, 'shared')).toEqual(['from-n1', 'from-n2'])
    // Each instance's storage calls went through its own proxies.
    expect(n1.dynamo.counts.passed).toBeGreaterThan(0)
    expect(n2.dynamo.counts.passed).toBeGreaterThan(0)
  })

  it("stamps records with a skewed instance's clock", async () => {
    const before = Date.now()
    const { timestamp } = await produce(n2, 'shared', 'skewed')
    const after = Date.now()
    expect(timestamp).toBeGreaterThanOrEqual(before + SKEW_MS)
    expect(timestamp).toBeLessThanOrEqual(after + SKEW_MS)
  })

  it('kill -9 ends the serving process; restart brings it back at the same URL', async () => {
    const pid = n1.pid as number
    n1.kill()
    expect(n1.running).toBe(false)
    await vi.waitFor(() => expect(isAlive(pid)).toBe(false))
    expect(await listening(n1.url)).toBe(false)
    await produce(n2, 'shared', 'while-n1-down')

    await n1.restart()
    expect(n1.running).toBe(true)
    expect(n1.pid).not.toBe(pid)
    expect(await records(n1, 'shared')).toEqual(['from-n1', 'from-n2', 'skewed', 'while-n1-down'])
  })

  it('a paused instance answers nothing until resumed, while the other serves', async () => {
    n2.pause()
    expect(n2.paused).toBe(true)
    const held = records(n2, 'shared')
    const state = { settled: false }
    held.finally(() => {
      state.settled = true
    })
    await produce(n1, 'shared', 'while-n2-paused')
    expect(state.settled).toBe(false)
    n2.resume()
    expect(await held).toContain('while-n2-paused')
  })

  it('stop leaves no process running and nothing listening', async () => {
    const pids = cluster.instances.map((i) => i.pid as number)
    const urls = [
      ...cluster.instances.flatMap((i) => [i.url, i.dynamo.url, i.s3.url]),
      cluster.dynamoEndpoint,
      cluster.s3Endpoint,
    ]
    await cluster.stop()
    for (const pid of pids) expect(isAlive(pid)).toBe(false)
    for (const url of urls) expect(await listening(url), url).toBe(false)
    // DynamoDB Local's java and the instances were this process's only children.
    expect(spawnSync('pgrep', ['-P', String(process.pid)], { encoding: 'utf8' }).stdout).toBe('')
  })
})

/**
 * Runs `script` as the process that started a cluster, which prints the pids of its children on its
 * first line and then exits at a line on its stdin. Ends it (`killed`: outright, so that no exit
 * handler runs, as a test runner killed at its timeout; `exits`: by itself, without stopping the
 * cluster, as a script that throws) and waits for those children to end. Kills any left over, so
 * that a failure leaves none behind. Gives the pids.
 */
async function childrenEndWithParent(script: string, end: 'killed' | 'exits'): Promise<number[]> {
  const parent = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '--input-type=module',
      '-e',
      `${script}\nprocess.stdin.once('data', () => process.exit(0))`,
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  )
  let pids: number[] = []
  try {
    pids = await new Promise<number[]>((resolve, reject) => {
      parent.stdout.once('data', (line: Buffer) => resolve(JSON.parse(line.toString())))
      parent.once('exit', (code) => reject(new Error(`the parent exited with ${code}`)))
    })
    expect(pids.filter(isAlive)).toEqual(pids)
    if (end === 'killed') parent.kill('SIGKILL')
    else parent.stdin.write('exit\n')
    await vi.waitFor(() => expect(pids.filter(isAlive)).toEqual([]), { timeout: 10_000 })
    return pids
  } finally {
    parent.kill('SIGKILL')
    for (const pid of pids.filter(isAlive)) process.kill(pid, 'SIGKILL')
  }
}

const moduleUrl = (path: string) => JSON.stringify(new URL(path, import.meta.url).href)

describe('when the process that started a cluster ends without stopping it', () => {
  it('exiting, its instances and DynamoDB Local end too', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sluice-cluster-exit-'))
    onTestFinished(() => rmSync(dataDir, { recursive: true, force: true }))
    const pids = await childrenEndWithParent(
      `
      import { execFileSync } from 'node:child_process'
      import { startCluster } from ${moduleUrl('../../chaos/cluster/cluster.ts')}
      await startCluster({ instances: 1, dataDir: ${JSON.stringify(dataDir)} })
      const children = execFileSync('pgrep', ['-P', String(process.pid)], { encoding: 'utf8' })
      process.stdout.write(JSON.stringify(children.trim().split('\\n').map(Number)) + '\\n')
    `,
      'exits',
    )
    // The instance and java at least (under load a short-lived helper process may show up too).
    expect(pids.length).toBeGreaterThanOrEqual(2)
  })

  it('killed outright, its instances end too', async () => {
    const stores = { dynamoEndpoint: inject('dynamoEndpoint'), s3Endpoint: inject('s3Endpoint') }
    await childrenEndWithParent(
      `
      import { startCluster } from ${moduleUrl('../../chaos/cluster/cluster.ts')}
      const cluster = await startCluster({ instances: 1, stores: ${JSON.stringify(stores)}, table: 'orphan-${process.pid}', bucket: 'orphan-${process.pid}' })
      process.stdout.write(JSON.stringify(cluster.instances.map((i) => i.pid)) + '\\n')
    `,
      'killed',
    )
  })

  it('the orphan guard ends a process that would otherwise live on', async () => {
    // Without the guard, an instance may still die on its next write to the closed pipe of its
    // output; this child writes nothing, and reads nothing but the guard's stdin.
    await childrenEndWithParent(
      `
      import { spawn } from 'node:child_process'
      const child = spawn(process.execPath, ['--import', 'tsx', '--import', ${moduleUrl('../../chaos/cluster/orphan-guard.ts')}, '-e', 'setInterval(() => undefined, 1000)'], { stdio: ['pipe', 'ignore', 'ignore'] })
      process.stdout.write(JSON.stringify([child.pid]) + '\\n')
    `,
      'killed',
    )
  })
})
