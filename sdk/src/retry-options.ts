/** How the client retries requests that failed retriably (see `retry.ts`). */
export interface RetryOptions {
  /**
   * Retries after the first attempt.
   *
   * @default 5 (KafkaJS's default)
   */
  retries?: number
  /**
   * Wait before the first retry, in ms, before jitter.
   *
   * @default 300 (KafkaJS's `initialRetryTime`)
   */
  initialMs?: number
  /**
   * Longest wait between attempts, in ms.
   *
   * @default 30_000 (KafkaJS's `maxRetryTime`)
   */
  maxMs?: number
}

export type RetryPolicy = Required<RetryOptions>
