/**
 * Retries with jittered exponential backoff, as KafkaJS does it (src/retry): each wait is the previous
 * one times 2, randomized by +/- 20 %, capped at `maxMs`. Whether to retry is the error's own
 * `retriable` flag, never a guess from its message. The SDK's one backoff: requests and the
 * consumer's fetches and handler retries all wait by `backoffMs`.
 */
import { SluiceError } from './errors.js'
import type { RetryOptions, RetryPolicy } from './retry-options.js'
import { sleep } from './sleep.js'

const FACTOR = 0.2
const MULTIPLIER = 2
/** Past this many doublings every wait is `maxMs` anyway; the cap keeps the product finite. */
const MAX_DOUBLINGS = 30

/** One attempt only: for requests whose retry is the caller's next round. */
export const NO_RETRIES: RetryPolicy = { retries: 0, initialMs: 0, maxMs: 0 }

export function retryPolicy(options: false | RetryOptions | undefined): RetryPolicy {
  if (options === false) return NO_RETRIES
  return {
    retries: options?.retries ?? 5,
    initialMs: options?.initialMs ?? 300,
    maxMs: options?.maxMs ?? 30_000,
  }
}

/** The wait before retry number `attempt` (1 for the first): `initialMs * 2^(attempt - 1)` +/- 20 %, at most `maxMs`. */
export function backoffMs(policy: Pick<RetryPolicy, 'initialMs' | 'maxMs'>, attempt: number): number {
  const exponential = policy.initialMs * MULTIPLIER ** Math.min(Math.max(attempt - 1, 0), MAX_DOUBLINGS)
  const jittered = exponential * (1 - FACTOR + Math.random() * 2 * FACTOR)
  return Math.min(jittered, policy.maxMs)
}

/** Whether trying again may succeed: the error says so itself. */
function isRetriable(error: unknown): boolean {
  return error instanceof SluiceError && error.retriable
}

/** Runs `attempt` until it succeeds, throws a non-retriable error, or the retries are spent. */
export async function withRetries<T>(
  policy: RetryPolicy,
  attempt: () => Promise<T>,
  signal?: AbortSignal,
): Promise<T> {
  for (let retry = 1; ; retry++) {
    try {
      return await attempt()
    } catch (error) {
      if (!isRetriable(error) || retry > policy.retries || signal?.aborted) throw error
      await sleep(backoffMs(policy, retry), signal)
      signal?.throwIfAborted()
    }
  }
}
