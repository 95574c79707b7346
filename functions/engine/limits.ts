/** Limits of API.md and the engine's timing parameters. */
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
}

export const DEFAULT_TIMING: EngineTiming = {
  writerDeadlineMs: 4000,
  holeTimeoutMs: 15_000,
  inlineMaxBytes: 8 * 1024,
  pollIntervalMs: 50,
}
