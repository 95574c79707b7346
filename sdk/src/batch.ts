import type { ProduceBody, ProducedRecord, WireRecord } from './commands/records.js'
import { toBase64, utf8Bytes } from './encoding.js'
import type { SluiceError } from './errors.js'
import type { Data, Message, RecordMetadata } from './types.js'

/** The results of one `send()`, filled in by the batches its messages travel in. */
export class SendResult {
  readonly #results: RecordMetadata[]
  #remaining: number
  readonly promise: Promise<RecordMetadata[]>
  #resolve!: (results: RecordMetadata[]) => void
  #reject!: (error: unknown) => void

  constructor(size: number) {
    this.#results = new Array(size)
    this.#remaining = size
    this.promise = new Promise((resolve, reject) => {
      this.#resolve = resolve
      this.#reject = reject
    })
  }

  delivered(index: number, metadata: RecordMetadata): void {
    this.#results[index] = metadata
    if (--this.#remaining === 0) this.#resolve(this.#results)
  }

  failed(error: unknown): void {
    this.#reject(error) // the first failure wins; later calls are no-ops
  }
}

interface Entry {
  message: Message
  partition: number
  result: SendResult
  index: number
}

/** Rough JSON overhead of one record (field names, quotes, partition, timestamp). */
const RECORD_OVERHEAD_BYTES = 80

/** Limits of one produce request. */
export interface BatchLimits {
  /** Raw key+value+header bytes (the producer's `batchBytes`). */
  maxBytes: number
  /** Estimated request body, kept under the API's 5 MiB. */
  maxBodyBytes: number
  maxRecords: number
  /** Distinct partitions; an idempotent request may touch at most 99. */
  maxPartitions: number
}

/** Messages of one topic bound for one produce request. */
export class Batch {
  readonly entries: Entry[] = []
  readonly partitions = new Set<number>()
  /** The partition null-key messages of this batch go to (sticky per batch, as in Kafka). */
  readonly stickyPartition: number
  #bytes = 0
  #binary = false
  /** Set once the batch may be sent: its linger passed, it is full, or a flush asked for it. */
  due = false

  constructor(stickyPartition: number) {
    this.stickyPartition = stickyPartition
  }

  #bodyBytes(bytes: number, binary: boolean, records: number): number {
    return (binary ? Math.ceil((bytes * 4) / 3) : bytes) + records * RECORD_OVERHEAD_BYTES
  }

  fits(size: number, partition: number, binary: boolean, limits: BatchLimits): boolean {
    if (this.entries.length === 0) return true
    const partitions = this.partitions.size + (this.partitions.has(partition) ? 0 : 1)
    const bytes = this.#bytes + size
    return (
      this.entries.length < limits.maxRecords &&
      partitions <= limits.maxPartitions &&
      bytes <= limits.maxBytes &&
      this.#bodyBytes(bytes, this.#binary || binary, this.entries.length + 1) <= limits.maxBodyBytes
    )
  }

  add(entry: Entry, size: number, binary: boolean): void {
    this.entries.push(entry)
    this.partitions.add(entry.partition)
    this.#bytes += size
    this.#binary ||= binary
  }

  /** The request body; base64 for every record once any key or value is bytes. */
  body(): ProduceBody {
    const encode = this.#binary
      ? (data: Data | null | undefined) =>
          data === null || data === undefined
            ? null
            : toBase64(typeof data === 'string' ? utf8Bytes(data) : data)
      : (data: Data | null | undefined) => (data === undefined ? null : (data as string | null))
    const records = this.entries.map(({ message, partition }): WireRecord => {
      const record: WireRecord = { value: encode(message.value), partition }
      const key = encode(message.key)
      if (key !== null) record.key = key
      if (message.headers) record.headers = message.headers
      if (message.timestamp !== undefined) record.timestamp = message.timestamp
      return record
    })
    return this.#binary ? { records, encoding: 'base64' } : { records }
  }

  delivered(topic: string, produced: ProducedRecord[]): void {
    this.entries.forEach((entry, i) => {
      const record = produced[i] as ProducedRecord
      entry.result.delivered(entry.index, { topic, ...record })
    })
  }

  failed(error: SluiceError | unknown): void {
    for (const entry of this.entries) entry.result.failed(error)
  }
}

export function isBinary(message: Message): boolean {
  return message.key instanceof Uint8Array || message.value instanceof Uint8Array
}
