/**
 * One command object per API operation: the request it makes, what its errors apply to, and how its
 * answer becomes the result. An `Executor` runs any of them; the producer, consumer and admin depend on
 * that one small interface (as upstash's `Requester`), never on the client class or the transport.
 */
import type { ErrorContext } from './errors.js'
import type { RetryPolicy } from './retry-options.js'
import type { TransportRequest, TransportResponse } from './transport.js'

export interface Command<TResult> {
  readonly request: TransportRequest
  readonly context: ErrorContext
  parse(response: TransportResponse): TResult
}

export interface ExecuteOptions {
  /**
   * Aborts the request and any retry wait.
   *
   * @default none
   */
  signal?: AbortSignal
  /**
   * Overrides the client's retry policy for this request.
   *
   * @default the client's `retryPolicy`
   */
  retry?: RetryPolicy
}

/** Runs commands: sends each, retries retriable failures, throws a typed `SluiceError`. `Sluice` is one. */
export interface Executor {
  execute<T>(command: Command<T>, options?: ExecuteOptions): Promise<T>
  /** The policy requests are retried by; the consumer also backs off failing handlers by it. */
  readonly retryPolicy: RetryPolicy
}
