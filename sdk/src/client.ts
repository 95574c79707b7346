import { Admin } from './admin.js'
import type { Command } from './command.js'
import { errorFromResponse } from './errors.js'
import { Producer, type ProducerOptions } from './producer.js'
import { type RetryOptions, type RetryPolicy, retryPolicy, withRetries } from './retry.js'
import { HttpTransport, type Transport } from './transport.js'

export interface SluiceOptions {
  /** Base URL of the service, e.g. `http://127.0.0.1:4100` (the local server's default). */
  url: string
  /** Sent as `Authorization: Bearer <apiKey>`. Default: none (the local server runs without auth). */
  apiKey?: string
  /**
   * Retries of retriable failures (429, 503, network errors, timeouts) with jittered exponential
   * backoff; `false` turns them off. Default `{ retries: 5, initialMs: 300, maxMs: 30_000 }`.
   */
  retry?: false | RetryOptions
  /** The `fetch` to use. Default: the global `fetch`. */
  fetch?: typeof fetch
  /** How long one attempt may wait for an answer, in ms (a fetch's `waitMs` is added). Default 30,000. */
  requestTimeoutMs?: number
  /** Replaces the HTTP transport entirely (`url`, `apiKey`, `fetch` are then unused). Default: fetch over HTTP. */
  transport?: Transport
}

export interface ExecuteOptions {
  /** Aborts the request and any retry wait. */
  signal?: AbortSignal
  /** Overrides the client's retry policy for this request. */
  retry?: RetryPolicy
}

/** A client of one Sluice service. */
export class Sluice {
  readonly #transport: Transport
  readonly #retry: RetryPolicy

  constructor(options: SluiceOptions) {
    this.#transport =
      options.transport ??
      new HttpTransport({
        url: options.url,
        apiKey: options.apiKey,
        fetch: options.fetch,
        requestTimeoutMs: options.requestTimeoutMs ?? 30_000,
      })
    this.#retry = retryPolicy(options.retry)
  }

  /** The client's retry policy, as resolved from its options. */
  get retryPolicy(): RetryPolicy {
    return this.#retry
  }

  /** Runs one API command, retrying retriable failures; throws a typed `SluiceError` on failure. */
  execute<T>(command: Command<T>, options: ExecuteOptions = {}): Promise<T> {
    return withRetries(
      options.retry ?? this.#retry,
      async () => {
        const response = await this.#transport.request(command.request, options.signal)
        if (response.status >= 200 && response.status < 300) return command.parse(response)
        throw errorFromResponse(response.status, response.body, command.context)
      },
      options.signal,
    )
  }

  producer(options: ProducerOptions = {}): Producer {
    return new Producer(this, options)
  }

  admin(): Admin {
    return new Admin(this)
  }
}
