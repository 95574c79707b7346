/** Which write a hedge doubled (see storage/hedged.ts). */
export type HedgedWrite = 'segmentPut' | 'entryPut' | 'reservation'

/**
 * What the service reports as it works, for metrics. The engine and the groups code call these and
 * never learn where they go: CloudWatch metrics in Lambda, the debug log locally, nowhere in tests.
 * Calls are synchronous and must not throw.
 */
export interface ServiceEvents {
  /** An append (a produce or a transaction) landed records on a topic; bytes as docs/api.md sizes a record. */
  produced(topic: string, records: number, bytes: number): void
  /** A fetch read records from a topic. */
  fetched(topic: string, records: number, bytes: number): void
  /** A slow write got a second, identical one beside it. */
  hedged(write: HedgedWrite): void
  /** A reader filled a hole older than the hole timeout: its writer reserved offsets and never wrote them. */
  holeFilled(topicId: string, partition: number, offsets: number): void
  /** A group's lag on a partition, in records (end offset minus committed offset), seen at a commit or a describe. */
  consumerLag(group: string, topic: string, partition: number, lag: number): void
}

/** Reports nothing: the default, for tests and benchmarks. */
export const NO_EVENTS: ServiceEvents = {
  produced: () => undefined,
  fetched: () => undefined,
  hedged: () => undefined,
  holeFilled: () => undefined,
  consumerLag: () => undefined,
}
