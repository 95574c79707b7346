import { Admin } from './admin.js'
import type { Command, ExecuteOptions, Executor } from './command.js'
import { Consumer } from './consumer/consumer.js'
import type { ConsumerOptions, TransactionInput } from './consumer/options.js'
import { transaction } from './consumer/transaction.js'
import { errorFromResponse } from './error-response.js'
import { Producer, type ProducerOptions } from './producer.js'
import { retryPolicy, withRetries } from './retry.js'
import type { RetryOptions, RetryPolicy } from './retry-options.js'
import { HttpTransport, type Transport } from './transport.js'
import type { RecordMetadata } from './types.js'

export interface SluiceOptions {
  /**
   * Base URL of the service, e.g. `http://127.0.0.1:4100` (the local server's default). Unused with
   * `transport`.
   */
  url: string
  /**
   * Sent as `Authorization: Bearer <apiKey>`.
   *
   * @default none (the local server runs without auth)
   */
  apiKey?: string
  /**
   * Retries of retriable failures (429, 503, network errors, timeouts) with jittered exponential
   * backoff; `false` turns them off.
   *
   * @default { retries: 5, initialMs: 300, maxMs: 30_000 }
   */
  retry?: false | RetryOptions
  /**
   * The `fetch` to use (instrumentation, a custom agent).
   *
   * @default the global `fetch`
   */
  fetch?: typeof fetch
  /**
   * How long one attempt may wait for an answer, in ms (a fetch's `waitMs` is added).
   *
   * @default 30_000
   */
  requestTimeoutMs?: number
  /**
   * Replaces the HTTP transport entirely (`url`, `apiKey`, `fetch` are then unused); errors and
   * retries stay in the client.
   *
   * @default fetch over HTTP (`HttpTransport`)
   */
  transport?: Transport
}

/** A client of one Sluice service. */
export class Sluice implements Executor {
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

  /** A member of a consumer group (see docs/consumer.md). */
  consumer(options: ConsumerOptions): Consumer {
    return new Consumer(this, options)
  }

  /** Appends and commits a consumer's offsets all or nothing: exactly-once read-process-write. */
  transaction(input: TransactionInput): Promise<RecordMetadata[]> {
    return transaction(this, input)
  }

  admin(): Admin {
    return new Admin(this)
  }
}
