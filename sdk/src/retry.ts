/**
 * Retries with jittered exponential backoff, as KafkaJS does it (src/retry): each wait is the previous
 * one times `multiplier`, randomized by +/- `factor`, capped at `maxMs`. Whether to retry is the
 * error's own `retriable` flag, never a guess from its message.
 */
import { SluiceError } from './errors.js'

export interface RetryOptions {
  /** Retries after the first attempt. Default 5 (KafkaJS's default). */
  retries?: number
  /** Wait before the first retry, in ms, before jitter. Default 300 (KafkaJS's `initialRetryTime`). */
  initialMs?: number
  /** Longest wait between attempts, in ms. Default 30,000 (KafkaJS's `maxRetryTime`). */
  maxMs?: number
}

const FACTOR = 0.2
const MULTIPLIER = 2

export type RetryPolicy = Required<RetryOptions>

export function retryPolicy(options: false | RetryOptions | undefined): RetryPolicy {
  if (options === false) return { retries: 0, initialMs: 0, maxMs: 0 }
  return {
    retries: options?.retries ?? 5,
    initialMs: options?.initialMs ?? 300,
    maxMs: options?.maxMs ?? 30_000,
  }
}

function jitter(ms: number): number {
  return ms * (1 - FACTOR + Math.random() * 2 * FACTOR)
}

/** Runs `attempt` until it succeeds, throws a non-retriable error, or the retries are spent. */
export async function withRetries<T>(
  policy: RetryPolicy,
  attempt: () => Promise<T>,
  signal?: AbortSignal,
): Promise<T> {
  let waitMs = policy.initialMs
  for (let retry = 0; ; retry++) {
    try {
      return await attempt()
    } catch (error) {
      const retriable = error instanceof SluiceError && error.retriable
      if (!retriable || retry >= policy.retries || signal?.aborted) throw error
      await sleep(Math.min(jitter(waitMs), policy.maxMs), signal)
      waitMs *= MULTIPLIER
    }
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(done, ms)
    function done() {
      signal?.removeEventListener('abort', abort)
      resolve()
    }
    function abort() {
      clearTimeout(timer)
      reject(signal?.reason)
    }
    signal?.addEventListener('abort', abort, { once: true })
  })
}
