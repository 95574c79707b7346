import { LIMITS } from '../engine/limits.js'
import type { BatchPolicy, RetryPolicy } from './types.js'

/** Limits and defaults of the Subscriptions section of docs/api.md. */
export const SUBSCRIPTION_LIMITS = {
  maxBatchRecords: 10_000,
  maxBatchBytes: LIMITS.maxFetchBytes,
  maxBatchWaitMs: 300_000,
  maxAttempts: 1000,
  /** Backoffs: from 1 ms (tests, targets that recover at once) to an hour. */
  maxBackoffMs: 3_600_000,
  /** A webhook's secret: enough for any generated one, short enough to sign cheaply. */
  maxSecretLength: 1024,
} as const

export const DEFAULT_BATCH: BatchPolicy = { maxRecords: 100, maxBytes: 1024 * 1024, maxWaitMs: 0 }
export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 10, minBackoffMs: 1000, maxBackoffMs: 300_000 }

/** How a deliverer runs: where the design leaves a choice, these are it. */
export interface DeliveryTiming {
  /** A target that has not answered by then failed (docs/api.md: 30 s). */
  targetTimeoutMs: number
  /**
   * A run's lease. It is renewed before a delivery that could outlast it, so it bounds how long a
   * crashed run keeps others out, not how long a run lasts.
   */
  leaseMs: number
  /** A run delivers batches for this long, then wakes itself for the rest (a Lambda's time is bounded). */
  budgetMs: number
  /** The dispatcher reuses the list of subscriptions this long (one Query per stream batch at most). */
  dispatchCacheMs: number
  /**
   * A run that found nothing to read while offsets beyond are handed out (a write in flight, a hole
   * not yet settled) looks again this much later: no append may come to wake it.
   */
  stalledRecheckMs: number
}

export const DEFAULT_DELIVERY_TIMING: DeliveryTiming = {
  targetTimeoutMs: 30_000,
  leaseMs: 90_000,
  budgetMs: 600_000,
  dispatchCacheMs: 2000,
  stalledRecheckMs: 1000,
}
