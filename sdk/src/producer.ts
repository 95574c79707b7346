import { SendResult } from './batch.js'
import type { Executor } from './command.js'
import { ProducerClosedError } from './errors.js'
import { PartitionCounts } from './metadata.js'
import { TopicQueue } from './topic-queue.js'
import type { Message, RecordMetadata } from './types.js'
import { validateMessage, validateName } from './validate.js'

export interface ProducerOptions {
  /**
   * How long a batch waits for more messages to the same topic before it is sent, in ms.
   *
   * @default 5
   */
  lingerMs?: number
  /**
   * Most key+value+header bytes in one request (capped at 3 MiB to stay under the 5 MiB body limit).
   *
   * @default 1_048_576
   */
  batchBytes?: number
  /**
   * Sends an `Idempotency-Key` with every request so that retries never append twice.
   *
   * @default true
   */
  idempotent?: boolean
  /**
   * `'all'`: `send()` resolves once the records are durable. `0`: it resolves before the service answers.
   *
   * @default 'all'
   */
  acks?: 'all' | 0
  /**
   * How long a topic's partition count is trusted before it is fetched again, in ms.
   *
   * @default 300_000 (KafkaJS's `metadataMaxAge`)
   */
  metadataMaxAgeMs?: number
}

export interface ProducerRecord {
  topic: string
  /** Sent in this order; each lands after the ones before it in its partition. */
  messages: Message[]
}

const MAX_BODY_BYTES = 4_718_592 // 4.5 MiB: margin under the API's 5 MiB body limit
const MAX_BATCH_BYTES = 3_145_728
const MAX_RECORDS = 10_000
const MAX_IDEMPOTENT_PARTITIONS = 99

/** Batches messages per topic, partitions them in the client, retries, and keeps order per partition. */
export class Producer {
  readonly #client: Executor
  readonly #metadata: PartitionCounts
  readonly #queues = new Map<string, TopicQueue>()
  readonly #lingerMs: number
  readonly #batchBytes: number
  readonly #idempotent: boolean
  readonly #acks: 'all' | 0
  /** Deliveries not yet settled; flush() waits for them. */
  readonly #pending = new Set<Promise<unknown>>()
  /** The first failure of an `acks: 0` send, reported by the next flush() or close(). */
  #unreportedError: unknown
  #flushing = 0
  #closed = false

  constructor(client: Executor, options: ProducerOptions = {}) {
    this.#client = client
    this.#lingerMs = Math.max(0, options.lingerMs ?? 5)
    this.#batchBytes = Math.min(Math.max(1, options.batchBytes ?? 1_048_576), MAX_BATCH_BYTES)
    this.#idempotent = options.idempotent ?? true
    this.#acks = options.acks ?? 'all'
    this.#metadata = new PartitionCounts(client, options.metadataMaxAgeMs ?? 300_000)
  }

  /**
   * Sends messages to one topic. Resolves, in message order, with where each landed once durable
   * (or at once with `[]` when `acks` is 0). Rejects with a typed `SluiceError`; a message refused by
   * the client's checks rejects the whole call and nothing of it is sent.
   */
  async send(record: ProducerRecord): Promise<RecordMetadata[]> {
    if (this.#closed) throw new ProducerClosedError('the producer is closed', { code: 'PRODUCER_CLOSED' })
    const { topic, messages } = record
    validateName(topic)
    if (!Array.isArray(messages)) throw new TypeError('messages must be an array')
    if (messages.length === 0) return []
    const result = new SendResult(messages.length)
    const delivery = this.#track(result.promise)
    try {
      // Known partition counts are used without awaiting, so sends keep the order they were called in.
      const count = this.#partitionCount(topic, messages)
      const partitions = typeof count === 'number' ? count : await count
      const sizes = messages.map((message) => validateMessage(topic, message, partitions))
      const queue = this.#queue(topic)
      messages.forEach((message, i) => {
        queue.add(message, sizes[i] as number, partitions, result, i)
      })
      queue.schedule()
    } catch (error) {
      result.failed(error)
      throw error
    }
    if (this.#acks === 0) {
      delivery.catch((error: unknown) => {
        this.#unreportedError ??= error
      })
      return []
    }
    return delivery
  }

  /** Sends everything buffered now and waits until every send so far has settled. */
  async flush(): Promise<void> {
    this.#flushing++
    try {
      while (this.#pending.size > 0) {
        for (const queue of this.#queues.values()) queue.hurry()
        await Promise.allSettled([...this.#pending])
      }
    } finally {
      this.#flushing--
    }
    const error = this.#unreportedError
    this.#unreportedError = undefined
    if (error !== undefined) throw error
  }

  /** Flushes, then refuses further sends with `ProducerClosedError`. */
  async close(): Promise<void> {
    this.#closed = true
    await this.flush()
  }

  /** The topic's partition count: cached, unless a message names a partition beyond it (it may have grown). */
  #partitionCount(topic: string, messages: Message[]): number | Promise<number> {
    const known = this.#metadata.known(topic)
    if (known === undefined) return this.#metadata.load(topic)
    if (messages.some((message) => (message.partition ?? 0) >= known)) {
      this.#metadata.invalidate(topic)
      return this.#metadata.load(topic)
    }
    return known
  }

  #track(delivery: Promise<RecordMetadata[]>): Promise<RecordMetadata[]> {
    this.#pending.add(delivery)
    const forget = () => this.#pending.delete(delivery)
    delivery.then(forget, forget)
    return delivery
  }

  #queue(topic: string): TopicQueue {
    let queue = this.#queues.get(topic)
    if (!queue) {
      queue = new TopicQueue(topic, {
        client: this.#client,
        metadata: this.#metadata,
        lingerMs: this.#lingerMs,
        idempotent: this.#idempotent,
        limits: {
          maxBytes: this.#batchBytes,
          maxBodyBytes: MAX_BODY_BYTES,
          maxRecords: MAX_RECORDS,
          maxPartitions: this.#idempotent ? MAX_IDEMPOTENT_PARTITIONS : Number.POSITIVE_INFINITY,
        },
        flushing: () => this.#flushing > 0,
      })
      this.#queues.set(topic, queue)
    }
    return queue
  }
}
