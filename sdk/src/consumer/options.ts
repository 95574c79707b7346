import type { FetchedRecord, Message } from '../types.js'
import type { Consumer } from './consumer.js'

export interface ConsumerOptions {
  /** The consumer group: members of one group share its topics' partitions and its committed offsets. */
  groupId: string
  /**
   * This member's id in the group ([A-Za-z0-9._-], up to 249). Give a stable one (a pod name) to see
   * it in `sluice groups describe`; a restart under the same id fences the earlier process.
   *
   * @default `<hostname>-<pid>-<8 random hex digits>` in Node, 16 random hex digits elsewhere
   */
  memberId?: string
  /**
   * How long the member stays listed without a heartbeat, in ms (1,000..300,000).
   *
   * @default `leaseMs` (10,000 unless set)
   */
  sessionMs?: number
  /**
   * How long a partition lease lasts without renewal, in ms (1,000..300,000). Leases are renewed every
   * third of it; a crashed member's partitions move to others within about `leaseMs` plus one renewal.
   *
   * @default 10_000
   */
  leaseMs?: number
  /**
   * With every partition idle, fetch again after this long, each fetch answering at once (short
   * polls): in Lambda a poll costs a few milliseconds, where a long-poll bills its whole wait. A
   * record is picked up within this long. 0: long-poll instead, up to `maxWaitMs`.
   *
   * @default 1_000
   */
  idlePollMs?: number
  /**
   * With `idlePollMs: 0`, longest a fetch waits on the service for new records, in ms (0..20,000).
   *
   * @default 5_000
   */
  maxWaitMs?: number
  /**
   * Records fetched per partition per request (1..10,000).
   *
   * @default 1_000
   */
  maxRecordsPerPartition?: number
  /**
   * Where logs of resets, retries and fencing go.
   *
   * @default console
   */
  logger?: ConsumerLogger
}

export interface ConsumerLogger {
  info(message: string, details?: Record<string, unknown>): void
  warn(message: string, details?: Record<string, unknown>): void
  error(message: string, details?: Record<string, unknown>): void
}

export interface SubscribeOptions {
  topics: string[]
  /**
   * Where a partition the group has never committed starts: the earliest record still held (`true`)
   * or the end (`false`). Also where an out-of-range offset resets to.
   *
   * @default false
   */
  fromBeginning?: boolean
}

/** An offset to commit: the next offset to consume on a partition. */
export interface TopicPartitionOffset {
  topic: string
  partition: number
  offset: number
}

/** A consumed message: its record, as fetched. Keys and values are strings (UTF-8). */
export type ConsumedMessage = FetchedRecord<string>

export interface EachMessagePayload {
  topic: string
  partition: number
  message: ConsumedMessage
}

export interface EachBatchPayload {
  topic: string
  partition: number
  messages: ConsumedMessage[]
  /** The next offset to fetch after this batch. */
  nextOffset: number
  /** Marks messages up to `offset` processed: if the handler then throws, they are committed and not redelivered. */
  resolveOffset(offset: number): void
  /** Whether the member has stopped consuming this partition (revoked, fenced or stopping): stop early if so. */
  isStale(): boolean
}

/** Give exactly one of `eachMessage` and `eachBatch`. */
export interface RunOptions {
  /** Called for each message, in offset order within a partition. */
  eachMessage?: (payload: EachMessagePayload) => Promise<void>
  /** Called for each fetched batch of one partition. */
  eachBatch?: (payload: EachBatchPayload) => Promise<void>
  /**
   * Commits after each fetched batch is processed (at-least-once) or before it is processed
   * (at-most-once). `false`: only `commitOffsets` or a transaction commits.
   *
   * @default true
   */
  autoCommit?: boolean
  /**
   * `at-least-once`: a message is committed after its handler succeeded, so a crash may deliver it
   * again. `at-most-once`: the batch is committed before its handlers run, so a crash or handler
   * error loses it, and no message is ever processed twice.
   *
   * @default 'at-least-once'
   */
  delivery?: 'at-least-once' | 'at-most-once'
  /**
   * With `eachBatch`: a batch whose handler returns is processed entirely (`true`), or only up to the
   * last `resolveOffset` (`false`: the rest is fetched again).
   *
   * @default true (as KafkaJS)
   */
  eachBatchAutoResolve?: boolean
  /**
   * How many partitions are processed at the same time (messages of one partition always in order).
   *
   * @default 1
   */
  partitionsConsumedConcurrently?: number
}

export interface TransactionInput {
  /** Messages to append, to any topics (partitioned by the service: Kafka's murmur2 for keys). */
  produce?: Array<{ topic: string; messages: Message[] }>
  /**
   * Offsets to commit for the consumer's group (each the next offset to consume), all of one topic,
   * under the leases the consumer holds: if any has moved on, nothing of the transaction happens.
   */
  commit?: { consumer: Consumer; offsets: TopicPartitionOffset[] }
}
