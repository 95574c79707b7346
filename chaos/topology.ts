import type { ChaosOptions } from './options.js'
import type { ProducerConfig } from './workloads/producer.js'
import type { TailerConfig } from './workloads/tailer.js'

/** What a run creates and runs against the cluster: topics, clients, the exactly-once group. */
export const TOPICS = {
  /** The produce workload's topic, tailed by the consumers. */
  log: { name: 'chaos-log', partitions: 6 },
  /** The exactly-once workload's input and output: the same partition count, output partition = input's. */
  input: { name: 'chaos-txn-in', partitions: 3 },
  output: { name: 'chaos-txn-out', partitions: 3 },
} as const

export const ALL_TOPICS = [TOPICS.log, TOPICS.input, TOPICS.output]

export const GROUP = 'chaos-eos'
export const MEMBER_IDS = ['member-a', 'member-b', 'member-c']

export function producerConfigs(options: ChaosOptions): ProducerConfig[] {
  const scaled = (n: number) => Math.max(1, Math.round(n * options.scale))
  const logProducer = (process: string): ProducerConfig => ({
    process,
    topic: TOPICS.log.name,
    partitions: TOPICS.log.partitions,
    maxRecords: scaled(50),
    idempotentShare: 0.5,
    largeShare: 0.01,
    largeRecords: [200, Math.max(1000, scaled(9000))],
    thinkMs: 20,
  })
  return [
    logProducer('producer-1'),
    logProducer('producer-2'),
    logProducer('producer-3'),
    {
      process: 'txn-producer',
      topic: TOPICS.input.name,
      partitions: TOPICS.input.partitions,
      maxRecords: 5,
      idempotentShare: 0.5,
      largeShare: 0,
      largeRecords: [0, 0],
      thinkMs: 100,
    },
  ]
}

export function tailerConfigs(): TailerConfig[] {
  const tailer = (process: string): TailerConfig => ({
    process,
    topics: ALL_TOPICS,
    limit: 1000,
    waitMs: 1000,
    restartEveryMs: [15_000, 45_000],
  })
  return [tailer('tailer-1'), tailer('tailer-2')]
}
