import type { FetchedRecord } from '../types.js'

export interface ConsumerOptions {
  /** The consumer group: members of one group share its topics' partitions and its committed offsets. */
  groupId: string
  /** This member's id in the group ([A-Za-z0-9._-], up to 249). Default: a random UUID per consumer. */
  memberId?: string
  /** How long the member stays listed without a heartbeat, in ms (1,000..300,000). Default: `leaseMs`, 10,000 unless set. */
  sessionMs?: number
  /**
   * How long a partition lease lasts without renewal, in ms (1,000..300,000). Leases are renewed every
   * third of it; a crashed member's partitions move to others within about `leaseMs` plus one renewal. Default 10,000.
   */
  leaseMs?: number
  /**
   * With every partition idle, fetch again after this long, each fetch answering at once (short
   * polls): in Lambda a poll costs a few milliseconds, where a long-poll bills its whole wait. A
   * record is picked up within this long. 0: long-poll instead, up to `maxWaitMs`. Default 1,000.
   */
  idlePollMs?: number
  /** With `idlePollMs: 0`, longest a fetch waits on the service for new records, in ms (0..20,000). Default 5,000. */
  maxWaitMs?: number
  /** Records fetched per partition per request (1..10,000). Default 1,000. */
  maxRecordsPerPartition?: number
  /** Where logs of resets, retries and fencing go. Default: `console`. */
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
   * or the end (`false`). Also where an out-of-range offset resets to. Default false.
   */
  fromBeginning?: boolean
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

export interface RunOptions {
  eachMessage?: (payload: EachMessagePayload) => Promise<void>
  eachBatch?: (payload: EachBatchPayload) => Promise<void>
  /**
   * Commits after each fetched batch is processed (at-least-once) or before it is processed
   * (at-most-once). `false`: only `commitOffsets` or a transaction commits. Default true.
   */
  autoCommit?: boolean
  /**
   * `at-least-once`: a message is committed after its handler succeeded, so a crash may deliver it
   * again. `at-most-once`: the batch is committed before its handlers run, so a crash or handler
   * error loses it, and no message is ever processed twice. Default `at-least-once`.
   */
  delivery?: 'at-least-once' | 'at-most-once'
  /**
   * With `eachBatch`: a batch whose handler returns is processed entirely (`true`), or only up to the
   * last `resolveOffset` (`false`: the rest is fetched again). Default true, as KafkaJS.
   */
  eachBatchAutoResolve?: boolean
  /** How many partitions are processed at the same time (messages of one partition always in order). Default 1. */
  partitionsConsumedConcurrently?: number
}
