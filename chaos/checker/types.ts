/**
 * What the checker reports. Every anomaly kind is always present in `anomalies` (0 when none), so a
 * report can be compared and asserted on kind by kind.
 */

export const ANOMALY_KINDS = [
  /** An acknowledged send's value is missing from the final reads, which cover its offset. */
  'lostWrite',
  /** An indeterminate send's value was read by a consumer, so it took effect, and is then gone from the final reads. */
  'vanishedRead',
  /** One value at more than one offset (or partition) across all reads. */
  'duplicate',
  /** One offset read or acknowledged with two different values, or an acknowledged value read only elsewhere. */
  'inconsistentOffsets',
  /** G1a: a value read whose write definitely failed (a failed send, or an output only failed txns wrote). */
  'abortedRead',
  /** A value read that no operation in the history wrote (or a null value, which no workload sends). */
  'unwrittenRead',
  /** A consumer moved past an offset that holds a record (per the final reads) without reading it. */
  'pollSkip',
  /** A consumer read an offset at or below one it had already read, without an assignment between. */
  'nonmonotonicPoll',
  /** A producer's successive acknowledged offsets in one partition did not increase. */
  'nonmonotonicSend',
  /** An acknowledged value no consumer ever read (a liveness figure: consumers may just lag). */
  'unseen',
  /** An input a committed txn consumed has no output in the final reads. */
  'txnOutputMissing',
  /** An input's output is in the final reads more than once, or committed txns consumed the input twice. */
  'txnOutputDuplicate',
  /** A record below a group's committed offset that no (possibly) committed txn of the group consumed. */
  'txnInputSkipped',
  /** A group's committed offset observed lower than one observed strictly before it. */
  'committedOffsetDecrease',
] as const

export type AnomalyKind = (typeof ANOMALY_KINDS)[number]

/** Anomalies that say the service broke a guarantee; `unseen` alone may be consumers lagging. */
export const SAFETY_KINDS: readonly AnomalyKind[] = ANOMALY_KINDS.filter((kind) => kind !== 'unseen')

/** One offending case, small enough to read in a report. Fields are set when they mean something for the kind. */
export interface AnomalyCase {
  value?: string | null
  values?: (string | null)[]
  topic?: string
  partition?: number
  offset?: number
  offsets?: number[]
  /** Locations as `topic/partition@offset`, when the case spans partitions. */
  at?: string[]
  process?: string
  processes?: string[]
  group?: string
  note?: string
}

export interface RecordCounts {
  /** Records of sends answered ok. */
  acked: number
  /** Records of sends answered as failed (nothing happened). */
  failed: number
  /** Records of sends with an unknown outcome. */
  indeterminate: number
  /** Distinct values read anywhere: polls, txn inputs, final reads. */
  read: number
  /** Indeterminate sends' values read anywhere: those sends took effect. */
  indeterminateRead: number
  /** Acknowledged records the final reads cannot judge: no final read of the partition, or below its start (retention). */
  ackedUncovered: number
  /** Records in the final reads. */
  finalRecords: number
}

export interface TxnCounts {
  committed: number
  failed: number
  indeterminate: number
  /** Indeterminate txns whose effects were seen, so they committed. */
  indeterminateCommitted: number
}

export interface CheckResult {
  /** No safety anomaly (everything but `unseen` is 0). */
  valid: boolean
  records: RecordCounts
  txns: TxnCounts
  anomalies: Record<AnomalyKind, number>
  /** Per kind, the first few cases in history order. */
  examples: Record<AnomalyKind, AnomalyCase[]>
}

/** What each check returns: the cases it found, per kind it owns. */
export type Findings = Partial<Record<AnomalyKind, AnomalyCase[]>>
