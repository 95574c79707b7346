import type { PartitionProgress, RetryPolicy, Subscription } from './types.js'

/**
 * The wait before the next attempt after `failures` failures in a row: exponential from
 * `minBackoffMs`, capped at `maxBackoffMs`, with "equal jitter" (a random point in its upper half) so
 * that partitions failing together do not retry together; never below `minBackoffMs`.
 */
export function backoffMs(retry: RetryPolicy, failures: number, random: () => number): number {
  const exponential = retry.minBackoffMs * 2 ** Math.max(0, failures - 1)
  const capped = Math.min(exponential, retry.maxBackoffMs)
  return Math.max(retry.minBackoffMs, Math.round(capped / 2 + (random() * capped) / 2))
}

/**
 * The progress that still speaks of the partition with its committed offset at `at`: the failures of
 * the batch starting there, or a bisection whose range `at` is within. Anything else is stale: the
 * committed offset moved (a success a crash kept from clearing it, or a reset).
 */
export function currentProgress(
  progress: PartitionProgress | undefined,
  at: number,
): PartitionProgress | undefined {
  if (!progress) return undefined
  if (progress.bisectEnd !== undefined && at >= progress.offset && at < progress.bisectEnd) return progress
  return progress.offset === at ? progress : undefined
}

/** Blocked on the record at the committed offset, under the subscription's current `retry`. */
export const isBlocked = (progress: PartitionProgress | undefined, sub: Subscription, at: number) =>
  progress?.blockedAtRetryVersion === sub.retryVersion && progress.offset === at

/**
 * How many of the records fetched from the committed offset the next batch takes: all of them, or
 * while bisecting the first half of those within the failing range.
 */
export function batchSize(offsets: readonly number[], progress: PartitionProgress | undefined): number {
  const end = progress?.bisectEnd
  if (end === undefined) return offsets.length
  const inRange = offsets.filter((o) => o < end).length
  return inRange === 0 ? offsets.length : Math.ceil(inRange / 2)
}

/** What a failed batch leads to, and the progress to keep for it. */
export type FailureStep =
  /** Try the same batch again at `progress.nextAttemptAt`. */
  | { action: 'retry'; progress: PartitionProgress }
  /** Attempts are spent: deliver the first half of the failed batch now. */
  | { action: 'bisect'; progress: PartitionProgress }
  /** The failing record is alone: dead-letter it, or block on it. */
  | { action: 'give-up'; progress: PartitionProgress }

/**
 * docs/api.md: a failed batch is retried with backoff up to `maxAttempts` (-1: forever); then it is
 * split in halves, the first delivered alone, until the failing record is alone. Each step of a
 * bisection is tried once: the records in it have been tried `maxAttempts` times already.
 */
export function afterFailure(
  current: PartitionProgress | undefined,
  at: number,
  partition: number,
  batch: { size: number; lastOffset: number },
  retry: RetryPolicy,
  error: string,
  now: number,
  random: () => number,
): FailureStep {
  const attempts = (current?.attempts ?? 0) + 1
  const bisecting = current?.bisectEnd !== undefined
  const failed: PartitionProgress = {
    partition,
    offset: bisecting ? current.offset : at,
    attempts,
    lastError: error,
  }
  if (!bisecting && (retry.maxAttempts === -1 || attempts < retry.maxAttempts)) {
    return {
      action: 'retry',
      progress: { ...failed, nextAttemptAt: now + backoffMs(retry, attempts, random) },
    }
  }
  if (batch.size > 1) return { action: 'bisect', progress: { ...failed, bisectEnd: batch.lastOffset + 1 } }
  return {
    action: 'give-up',
    progress: { ...failed, ...(bisecting ? { bisectEnd: current.bisectEnd } : {}) },
  }
}
