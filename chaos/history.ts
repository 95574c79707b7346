/**
 * What a chaos run records, after Jepsen's Kafka workload (`jepsen.tests.kafka`): every operation a
 * client invoked and how it completed. The checker reads nothing else.
 *
 * Values are unique per run: a producer never sends the same value twice, except when it retries a
 * send under the same Idempotency-Key, which is one send (one `SendOp`) in the history.
 */

/** How an operation completed, as its client saw it. */
export type Outcome =
  /** The service answered success: a send's records are acknowledged at the offsets given. */
  | 'ok'
  /** The service answered that nothing happened (a 4xx, or a 5xx the contract says changed nothing). */
  | 'fail'
  /** Unknown: no answer (timeout, connection reset, the client died), or an answer saying it is unknown. */
  | 'info'

/** One record of a send, and where the service said it went (present when the send is `ok`). */
export interface SentRecord {
  value: string
  key: string | null
  partition?: number
  offset?: number
}

export interface SendOp {
  type: 'send'
  /** The producer process (a logical client: one sequence of sends, each after the previous one completed). */
  process: string
  topic: string
  /** Idempotency-Key, when the send used one. */
  idempotencyKey?: string
  records: SentRecord[]
  outcome: Outcome
  /**
   * Wall-clock ms at invoke and completion, by the one clock of the process recording the history. The
   * checker uses times only to order committed-offset observations (txn commits, committed reads) in real
   * time; everything else it orders by a process's op sequence and by offsets.
   */
  invokedAt: number
  completedAt: number
  /** The error code or message, when not ok. */
  error?: string
}

/** Records one consumer got from one fetch of one partition. */
export interface PolledRecord {
  offset: number
  value: string | null
  key: string | null
}

export interface PollOp {
  type: 'poll'
  /** The consumer process. A poll continues from where the same process's last poll of the partition left off, unless an `assign` came between. */
  process: string
  topic: string
  partition: number
  /** The offset the fetch asked for. */
  fromOffset: number
  records: PolledRecord[]
  /** The answer's nextOffset. */
  nextOffset?: number
  outcome: Outcome
  invokedAt: number
  completedAt: number
  error?: string
}

/**
 * A consumer's partitions changed (joined, took or lost a lease, restarted, seeked). Order checks
 * (poll-skip, nonmonotonic-poll) run per consumer between assignments.
 */
export interface AssignOp {
  type: 'assign'
  process: string
  topic: string
  partitions: number[]
  at: number
}

/**
 * One read-process-write transaction of the exactly-once workload: inputs consumed from one partition
 * of the input topic, outputs appended, and the group's offset committed, atomically.
 */
export interface TxnOp {
  type: 'txn'
  process: string
  group: string
  inputTopic: string
  inputPartition: number
  /** The input records processed: each input value maps to exactly one output value (`out:` + value). */
  inputs: PolledRecord[]
  outputTopic: string
  outputs: SentRecord[]
  /**
   * The offset committed with the transaction: the next to consume, one past the last input or past
   * the gaps after it.
   */
  commitOffset: number
  epoch: number
  outcome: Outcome
  invokedAt: number
  completedAt: number
  error?: string
}

/** The output value a txn writes for one input value. */
export function txnOutputValue(inputValue: string): string {
  return `out:${inputValue}`
}

/** A read of a group's committed offset (by the exactly-once workload, or the final read). */
export interface CommittedOp {
  type: 'committed'
  process: string
  group: string
  topic: string
  partition: number
  offset: number
  /** When the answer came. */
  at: number
  /**
   * When the read was sent, if it took time: the offset it shows was current at some instant between
   * `invokedAt` and `at`, so it is ordered only against observations that ended before `invokedAt` or
   * began after `at`.
   */
  invokedAt?: number
}

/** A fault the nemesis injected or healed, for the report. */
export interface FaultOp {
  type: 'fault'
  kind: FaultKind
  phase: 'start' | 'stop'
  target: string
  at: number
  detail?: string
}

export type FaultKind = 'kill' | 'pause' | 'stall' | 'throttle' | 'ambiguous' | 'clockSkew' | 'member'

export type Op = SendOp | PollOp | AssignOp | TxnOp | CommittedOp | FaultOp

/**
 * The final reads: after faults healed, every partition of every topic read from offset 0 (or the
 * start offset) to its end, by a fresh reader. Offset to value, per topic and partition.
 */
export interface FinalRead {
  topic: string
  partition: number
  startOffset: number
  endOffset: number
  records: PolledRecord[]
}

export interface History {
  ops: Op[]
  finalReads: FinalRead[]
}
