/** A key or value: text (sent as UTF-8) or bytes (sent as base64). */
export type Data = string | Uint8Array

export interface Message {
  /**
   * Decides the partition (Kafka's murmur2) unless `partition` is given; `null`/absent spreads.
   *
   * @default null
   */
  key?: Data | null
  /** `null` is a tombstone. */
  value: Data | null
  /**
   * Header names and values, as text.
   *
   * @default none
   */
  headers?: Record<string, string>
  /**
   * Sends to this partition, whatever the key.
   *
   * @default from the key, or sticky for null keys
   */
  partition?: number
  /**
   * Milliseconds since the epoch.
   *
   * @default when the service appends it
   */
  timestamp?: number
}

/** Where a sent message landed. */
export interface RecordMetadata {
  topic: string
  partition: number
  offset: number
  timestamp: number
}

/** A topic as the API describes it. */
export interface Topic {
  name: string
  partitions: number
  /** -1 keeps records forever. */
  retentionMs: number
  createdAt: number
}

export interface PartitionOffsets {
  partition: number
  /** The first offset still held. */
  startOffset: number
  /** The high watermark: one past the last readable record. */
  endOffset: number
}

export interface TopicWithOffsets extends Topic {
  offsets: PartitionOffsets[]
}

/** A record read from a partition. Keys and values are strings, or bytes when fetched as base64. */
export interface FetchedRecord<TData extends Data = Data> {
  offset: number
  timestamp: number
  key: TData | null
  value: TData | null
  headers: Record<string, string>
}

/** One partition of a topic. */
export interface PartitionRef {
  topic: string
  partition: number
}
