import { setMaxListeners } from 'node:events'
import { sleep } from '../sdk/src/sleep.js'
import type { Cleanup } from './cleanup.js'
import type { Cluster } from './cluster/types.js'
import { finalRead, type PartitionRange, partitionRanges } from './final-reads.js'
import type { History } from './history.js'
import { ServiceClient } from './http.js'
import { Nemesis } from './nemesis.js'
import type { ChaosOptions } from './options.js'
import { Random } from './random.js'
import { Recorder } from './recorder.js'
import { ALL_TOPICS, GROUP, MEMBER_IDS, producerConfigs, TOPICS, tailerConfigs } from './topology.js'
import { readCommitted, runCommittedReader } from './workloads/committed-reader.js'
import { MemberPool } from './workloads/members.js'
import { runProducer } from './workloads/producer.js'
import { Tailer } from './workloads/tailer.js'

export interface RunRecord {
  history: History
  /** Things that went wrong in the run itself (a fault that could not be injected, a final read that gave up). */
  problems: string[]
  /** When the workloads started and when the final reads ended. */
  startedAt: number
  endedAt: number
}

/** Longest wait for the consumers to catch up with the end offsets once everything is healed. */
const CATCH_UP_MS = 120_000
const PROGRESS_EVERY_MS = 20_000

/**
 * One chaos run on a started cluster: the workloads and the nemesis for the run's duration, then
 * healing, the consumers' catch-up, the final committed offsets and final reads. Everything it starts
 * is registered with `cleanup`, which the caller runs on every path.
 */
export async function runWorkloads(
  options: ChaosOptions,
  cluster: Cluster,
  workDir: string,
  cleanup: Cleanup,
): Promise<RunRecord> {
  const random = new Random(options.seed)
  const history = new Recorder()
  const problems: string[] = []
  const urls = cluster.instances.map((i) => i.url)
  const client = (label: string) =>
    new ServiceClient(urls, random.fork(`${label}/instances`), options.requestTimeoutMs)
  const admin = client('admin')
  await createTopics(admin)

  const members = new MemberPool(MEMBER_IDS, {
    group: GROUP,
    inputTopic: TOPICS.input.name,
    outputTopic: TOPICS.output.name,
    urls,
    leaseMs: options.leaseMs,
    requestTimeoutMs: options.requestTimeoutMs,
    workDir,
    seed: options.seed,
  })
  cleanup.add('consumer members', () => members.killAll())
  const startedAt = Date.now()
  members.startAll()
  const producing = stopSignal()
  const producers = producerConfigs(options).map((config) =>
    runProducer(config, client(config.process), random.fork(config.process), history, producing.signal),
  )
  const tailing = stopSignal()
  const tailers = tailerConfigs().map(
    (config) => new Tailer(config, client(config.process), random.fork(config.process), history),
  )
  const tails = tailers.map((t) => t.run(tailing.signal))
  const reading = stopSignal()
  const reader = runCommittedReader(
    client('committed-reader'),
    GROUP,
    TOPICS.input.name,
    1500,
    history,
    reading.signal,
  )
  const progress = setInterval(() => printProgress(startedAt, history), PROGRESS_EVERY_MS)
  cleanup.add('progress', async () => clearInterval(progress))

  const nemesis = new Nemesis(
    { instances: cluster.instances, members, holeTimeoutMs: options.holeTimeoutMs, leaseMs: options.leaseMs },
    random.fork('nemesis'),
    history,
  )
  problems.push(...(await runNemesis(nemesis, options.durationMs)))
  log(`healed after ${seconds(Date.now() - startedAt)}; the producers stop`)
  producing.abort()
  await Promise.all(producers)
  // Holes left by writers that died are filled by the first reader after the hole timeout.
  await sleep(options.holeTimeoutMs + 1000)

  const ranges = await partitionRanges(admin, TOPIC_NAMES)
  problems.push(...(await tailersCatchUp(tailers, ranges)))
  tailing.abort()
  await Promise.all(tails)
  problems.push(...(await groupCatchUp(admin, ranges)))
  await members.stopAll(10_000)
  reading.abort()
  await reader
  for (const op of await readCommitted(admin, 'final', GROUP, TOPICS.input.name, 0)) history.add(op)

  // The final reads: every partition from its start, by a fresh reader, after everything healed.
  for (const range of await partitionRanges(admin, TOPIC_NAMES)) {
    history.finalReads.push(await finalRead(admin, range, problems))
  }
  return { history: history.history(members.ops()), problems, startedAt, endedAt: Date.now() }
}

const TOPIC_NAMES = ALL_TOPICS.map((t) => t.name)

/** Faults for the run's duration (and at least a round of each kind), then everything healed. Answers the nemesis's errors. */
async function runNemesis(nemesis: Nemesis, durationMs: number): Promise<string[]> {
  const faulting = stopSignal()
  const faults = nemesis.run(faulting.signal)
  await Promise.all([sleep(durationMs), nemesis.firstRounds])
  faulting.abort()
  await faults
  await nemesis.healAll()
  return nemesis.errors.map((e) => `nemesis: ${e}`)
}

/** Lets the tailing consumers read up to the end offsets, without restarts; answers a problem if they do not in time. */
async function tailersCatchUp(
  tailers: readonly Tailer[],
  ranges: readonly PartitionRange[],
): Promise<string[]> {
  const ends = new Map(ranges.map((r) => [`${r.topic}/${r.partition}`, r.endOffset]))
  for (const tailer of tailers) tailer.settle()
  if (await waitFor(async () => tailers.every((t) => t.caughtUp(ends)), CATCH_UP_MS)) return []
  return [`the tailing consumers did not reach the end offsets within ${CATCH_UP_MS} ms`]
}

/** Lets the group commit the input topic's end offsets; answers a problem if it does not in time. */
async function groupCatchUp(admin: ServiceClient, ranges: readonly PartitionRange[]): Promise<string[]> {
  const inputEnds = ranges.filter((r) => r.topic === TOPICS.input.name)
  const consumed = async () => {
    const committed = await readCommitted(admin, 'catch-up', GROUP, TOPICS.input.name)
    return inputEnds.every(
      (r) => (committed.find((c) => c.partition === r.partition)?.offset ?? 0) >= r.endOffset,
    )
  }
  if (await waitFor(consumed, CATCH_UP_MS)) return []
  return [`the consumer group did not commit the input's end offsets within ${CATCH_UP_MS} ms`]
}

/** A stop signal that many loops wait on at once (each of their sleeps listens to it). */
function stopSignal(): AbortController {
  const controller = new AbortController()
  setMaxListeners(1000, controller.signal)
  return controller
}

async function createTopics(admin: ServiceClient): Promise<void> {
  for (const topic of ALL_TOPICS) {
    for (let attempt = 0; ; attempt++) {
      const answer = await admin.request('POST', '/v1/topics', {
        body: { name: topic.name, partitions: topic.partitions, retentionMs: -1 },
      })
      // A first attempt may have created it without its answer arriving.
      if (answer.kind === 'answer' && (answer.status === 201 || answer.status === 409)) break
      if (attempt >= 20) throw new Error(`could not create topic ${topic.name}`)
      await sleep(500)
    }
  }
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (await condition()) return true
    await sleep(500)
  }
  return false
}

function printProgress(startedAt: number, history: Recorder): void {
  const faults = history.ops.filter((op) => op.type === 'fault' && op.phase === 'start').length
  log(
    `${seconds(Date.now() - startedAt)}: ${history.ackedRecords().toLocaleString('en-US')} records acknowledged, ${faults} faults`,
  )
}

export function log(line: string): void {
  process.stdout.write(`chaos: ${line}\n`)
}

function seconds(ms: number): string {
  return `${Math.round(ms / 1000)} s`
}
