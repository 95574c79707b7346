import { Batch, type BatchLimits, isBinary, type SendResult } from './batch.js'
import type { Executor } from './command.js'
import { produceRecords } from './commands/records.js'
import { SluiceError } from './errors.js'
import { randomHex } from './ids.js'
import type { PartitionCounts } from './metadata.js'
import { partitionForKey } from './partitioner.js'
import type { Message } from './types.js'

export interface TopicQueueOptions {
  client: Executor
  metadata: PartitionCounts
  lingerMs: number
  idempotent: boolean
  limits: BatchLimits
  /** True while a `flush()` waits: batches are then sent without lingering. */
  flushing: () => boolean
}

/**
 * The outgoing batches of one topic. One request per topic is in flight at a time, so one producer's
 * messages keep their order within each partition even across retries (Kafka with
 * `max.in.flight.requests.per.connection=1`); messages sent meanwhile gather into the next batch.
 */
export class TopicQueue {
  readonly #topic: string
  readonly #options: TopicQueueOptions
  #open: Batch | undefined
  readonly #sealed: Batch[] = []
  #inFlight = false
  #pumpScheduled = false
  #nextSticky: number | undefined

  constructor(topic: string, options: TopicQueueOptions) {
    this.#topic = topic
    this.#options = options
  }

  /** Adds one validated message of `size` bytes; the caller then calls `schedule()`. */
  add(message: Message, size: number, partitions: number, result: SendResult, index: number): void {
    const binary = isBinary(message)
    let batch = this.#open ?? this.#openBatch(partitions)
    let partition = this.#partitionOf(message, batch, partitions)
    if (!batch.fits(size, partition, binary, this.#options.limits)) {
      this.#seal()
      batch = this.#openBatch(partitions)
      partition = this.#partitionOf(message, batch, partitions)
    }
    batch.add({ message, partition, result, index }, size, binary)
  }

  /** Sends whatever is due, after the current call stack (so one `send()` travels together). */
  schedule(): void {
    if (this.#pumpScheduled) return
    this.#pumpScheduled = true
    queueMicrotask(() => {
      this.#pumpScheduled = false
      this.#pump()
    })
  }

  /** Makes the open batch due now (flush). */
  hurry(): void {
    if (this.#open) this.#open.due = true
    this.schedule()
  }

  #partitionOf(message: Message, batch: Batch, partitions: number): number {
    if (message.partition !== undefined) return message.partition
    if (message.key !== undefined && message.key !== null) return partitionForKey(message.key, partitions)
    return batch.stickyPartition
  }

  #openBatch(partitions: number): Batch {
    // Null keys stick to one partition per batch and rotate between batches, from a random start.
    const sticky = ((this.#nextSticky ?? Math.floor(Math.random() * partitions)) % partitions) | 0
    this.#nextSticky = sticky + 1
    const batch = new Batch(sticky)
    batch.due = this.#options.lingerMs === 0 || this.#options.flushing()
    if (!batch.due) {
      setTimeout(() => {
        batch.due = true
        this.#pump()
      }, this.#options.lingerMs)
    }
    this.#open = batch
    return batch
  }

  #seal(): void {
    if (!this.#open) return
    this.#sealed.push(this.#open)
    this.#open = undefined
  }

  #pump(): void {
    if (this.#inFlight) return
    if (this.#sealed.length === 0 && this.#open?.due) this.#seal()
    const batch = this.#sealed.shift()
    if (!batch) return
    this.#inFlight = true
    void this.#dispatch(batch).finally(() => {
      this.#inFlight = false
      this.#pump()
    })
  }

  async #dispatch(batch: Batch): Promise<void> {
    const [onlyPartition] = batch.partitions.size === 1 ? batch.partitions : []
    const command = produceRecords({
      topic: this.#topic,
      body: batch.body(),
      ...(this.#options.idempotent ? { idempotencyKey: randomHex(16) } : {}),
      ...(onlyPartition === undefined ? {} : { partition: onlyPartition }),
    })
    try {
      batch.delivered(this.#topic, await this.#options.client.execute(command))
    } catch (error) {
      // A partition out of range or a vanished topic: the cached partition count may be stale.
      if (error instanceof SluiceError && ['INVALID_REQUEST', 'TOPIC_NOT_FOUND'].includes(error.code)) {
        this.#options.metadata.invalidate(this.#topic)
      }
      batch.failed(error)
    }
  }
}
