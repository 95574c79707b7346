/** Limits of the API contract (docs/api.md) and the engine's timing parameters. */
export const LIMITS = {
  maxRecordBytes: 1024 * 1024,
  maxBodyBytes: 5 * 1024 * 1024,
  maxRecordsPerRequest: 10_000,
  maxPartitions: 1024,
  minRetentionMs: 1000,
  defaultRetentionMs: 604_800_000,
  maxFetchRecords: 10_000,
  defaultFetchRecords: 1000,
  maxFetchBytes: 4 * 1024 * 1024,
  defaultFetchBytes: 1024 * 1024,
  maxWaitMs: 20_000,
  idempotencyTtlMs: 24 * 60 * 60 * 1000,
  /** A transaction holds at most 100 items: the entries plus the idempotency record. */
  maxIdempotentPartitions: 99,
} as const

export interface EngineTiming {
  /**
   * A writer that has not written its entry this long after reserving gives up (and fills its own hole).
   * Must be well below `holeTimeoutMs`, so that a hole a reader fills has no writer left to race it.
   */
  writerDeadlineMs: number
  /** A reader fills a hole (a reservation with no entry) once it is certainly older than this. */
  holeTimeoutMs: number
  /** Batches at most this large stay inline in their DynamoDB entry; larger ones go to one S3 segment. */
  inlineMaxBytes: number
  /**
   * While a fetch long-polls, how often it reads the partition's head when no in-process notification
   * arrives (the producer ran in another Lambda instance). One consistent read of a small item each.
   */
  pollIntervalMs: number
  /**
   * A segment PUT of at least `segmentPutHedgeMinBytes` that has not landed after this long gets a
   * second PUT beside it; the first to land wins (S3's latency has a long tail). 0 turns hedging off.
   * Against a custom S3 endpoint (the local stand-in) it is off unless set: s3rver writes an object in
   * place, so a second PUT of it, or one aborted halfway, could be read half-written.
   */
  segmentPutHedgeMs: number
  segmentPutHedgeMinBytes: number
  /**
   * An inline index entry's put (outside a transaction) that has not answered after this long gets a
   * second, identical put beside it; the first answer wins. The put is idempotent (see
   * `DynamoLogIndex`), so the only cost is the second put's write units. 0 turns it off. Against a
   * custom DynamoDB endpoint (the local stand-in, whose latency is a busy laptop's, not DynamoDB's) it
   * is off unless set.
   */
  entryPutHedgeMs: number
  /**
   * The same for a reservation on a partition's head: made idempotent by a token (see
   * `DynamoLogIndex.reserve`), so a second copy that lands right after the first reserves nothing, and
   * one that lands after another writer's reservation has its range skipped at once.
   */
  reservationHedgeMs: number
}

export const DEFAULT_TIMING: EngineTiming = {
  writerDeadlineMs: 4000,
  holeTimeoutMs: 15_000,
  inlineMaxBytes: 8 * 1024,
  pollIntervalMs: 50,
  // About S3's p87 for 1 MiB in the shared latency model (its PutObject as the bench saw it:
  // `simulatedLatencyMs.injectedCalls.s3.PutObject`): one large PUT in eight gets a second one, one
  // more request per eight segments of a MiB, which buys a lower p99 for a 1,000-record produce
  // (`simulatedLatencyMs.produceLarge.p99`, held to `bars.simulatedLatencyMs.produceLarge.p99`).
  segmentPutHedgeMs: 100,
  segmentPutHedgeMinBytes: 512 * 1024,
  // DynamoDB's PutItem and UpdateItem in the shared latency model (as the bench saw them:
  // `simulatedLatencyMs.injectedCalls.dynamodb.PutItem` and `.UpdateItem`). A reservation (1 write
  // unit) is hedged at about its p87, one in eight; an entry put of a 1 KB record (2 units) later, at
  // about its p93, one in fifteen. Together they buy a lower p99 for a one-record produce
  // (`simulatedLatencyMs.produceSmall.p99`, held to `bars.simulatedLatencyMs.produceSmall.p99`) for a
  // few more write units per produce, which `cost.usdPerMillionRecords.batch1` counts.
  entryPutHedgeMs: 14,
  reservationHedgeMs: 12,
}
