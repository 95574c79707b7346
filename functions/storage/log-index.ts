import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb'

/** One partition of one topic incarnation: a topic deleted and created again gets a new `topicId`. */
export interface PartitionRef {
  topicId: string
  partition: number
}

/** Where a batch's bytes live: inline in its index entry, or a byte range of one S3 segment. */
export interface SegmentRange {
  key: string
  offset: number
  length: number
}

/** One index entry: offsets `[base, base + count)`, written once, never changed. */
export interface IndexEntry {
  base: number
  count: number
  minTimestamp: number
  maxTimestamp: number
  appendedAt: number
  /** Milliseconds since the epoch after which the entry is gone; absent when retention is forever. */
  expiresAt?: number
  crc: number
  /** A skip marker fills a crashed writer's hole: its offsets hold no record, ever. */
  skip?: boolean
  /**
   * A one-offset skip marker a reader put while filling a gap whose reservations it could not tell
   * apart (see `fillGap`). It holds its slot against a late writer, and means nothing where an entry
   * that landed before it covers its offset.
   */
  stub?: boolean
  /** The token of the append that wrote the entry (absent on skip markers). */
  writer?: string
  data?: Uint8Array
  segment?: SegmentRange
}

/** A skip marker over `[base, base + count)`, written at `now`: its offsets hold no record, ever. */
export function skipMarker(base: number, count: number, now: number, expiresAt?: number): IndexEntry {
  return {
    base,
    count,
    minTimestamp: now,
    maxTimestamp: now,
    appendedAt: now,
    crc: 0,
    skip: true,
    ...(expiresAt === undefined ? {} : { expiresAt }),
  }
}

/** The partition head: the sequencer and two lower bounds that save readers a walk. */
export interface PartitionHead {
  /** One past the last reserved offset. Only grows; never derived from what is left. */
  next: number
  /** A lower bound of the first offset still held. */
  start: number
  /** A lower bound of the high watermark (everything below is written or skipped). */
  hw: number
  /** When the newest reservation was made; bounds the age of every hole below `next`. */
  reservedAt: number
}

/** Extra DynamoDB transaction items written atomically with a batch's entries (idempotency, commits). */
export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number]

export interface EntryWrite {
  partition: PartitionRef
  entry: IndexEntry
  /**
   * A token of the append, stored with the entry: a copy of the put (a hedge, the SDK's retry) finds
   * its own entry and succeeds, and a writer that lost the answer can read back whether it landed.
   */
  writer: string
}

/** A conditional write lost: an entry's offsets were already filled, or a guard item did not hold. */
export class EntryConflictError extends Error {
  constructor(
    message: string,
    /** Index in `extra` of the guard item whose condition failed, if that was the reason. */
    readonly failedExtraItem?: number,
  ) {
    super(message)
    this.name = 'EntryConflictError'
  }
}

/**
 * A reservation found no partition head: the topic was deleted (its heads go first), or the partition
 * has never been written (heads are created on first use, see `createHead`).
 */
export class PartitionHeadMissingError extends Error {
  constructor(readonly partition: PartitionRef) {
    super(`partition ${partition.partition} of topic incarnation ${partition.topicId} has no head`)
    this.name = 'PartitionHeadMissingError'
  }
}

export interface ReserveOptions {
  /**
   * When the records to be written at the offsets expire: a range the store reserved twice for one
   * call is skipped with this expiry. @default never
   */
  expiresAt?: number | undefined
  /**
   * Whether the caller waits on the reservation alone (no segment PUT beside it), so that a store that
   * hedges slow writes may hedge it. @default false
   */
  hedge?: boolean
}

/** The partition and offset index. DynamoDB in production and locally (DynamoDB Local). */
export interface LogIndex {
  /**
   * Reserves `count` offsets and returns the first. Never conflicts; throws PartitionHeadMissingError
   * when the head does not exist, so a writer holding stale topic metadata cannot write to a deleted topic.
   */
  reserve(partition: PartitionRef, count: number, now: number, options?: ReserveOptions): Promise<number>
  /** Creates the partition's head at offset 0 unless it exists. Only for a topic just read to exist. */
  createHead(partition: PartitionRef, now: number): Promise<void>
  /**
   * Retires the partitions' heads (their topic was deleted): from then on every reservation on them
   * fails and none can be created again. A retired head expires after `expiresAt`; its removal tells
   * the janitor to sweep the partition once more, taking what late writers left there.
   */
  retireHeads(partitions: readonly PartitionRef[], expiresAt: number): Promise<void>
  /**
   * Writes entries, each only if its slot is empty; with `extra` items, in one transaction with them
   * (all or nothing). Throws EntryConflictError when a condition fails.
   */
  writeEntries(writes: readonly EntryWrite[], extra?: readonly TransactItem[]): Promise<void>
  /**
   * Writes a skip marker over `[base, base + count)` if nothing is there yet; false if something was.
   * Only for a range that is one reservation (a writer's own): no other entry can start inside it.
   */
  fillHole(
    partition: PartitionRef,
    base: number,
    count: number,
    now: number,
    expiresAt?: number,
  ): Promise<boolean>
  /**
   * Fills `[from, end)`, a gap of unwritten reservations a reader timed out, without knowing where
   * each reservation starts: every empty slot gets a one-offset stub, so that no entry can land in the
   * gap afterwards (a late writer's conditional put finds its slot taken), and each run of stubs is
   * then made one marker so that walks pass it in one step. Entries that landed first stay.
   */
  fillGap(partition: PartitionRef, from: number, end: number, now: number, expiresAt?: number): Promise<void>
  /** The entry or marker whose base is `base`, if any. */
  entryAt(partition: PartitionRef, base: number): Promise<IndexEntry | undefined>
  head(partition: PartitionRef): Promise<PartitionHead>
  /**
   * The heads of several partitions in one cheap read, in the order asked. Eventually consistent: a
   * head may lag the latest reservation (never run ahead), so use it to skip reads, not to decide.
   */
  heads(partitions: readonly PartitionRef[]): Promise<PartitionHead[]>
  /** Entries with base >= `from`, ascending, at most `limit`. */
  entriesFrom(partition: PartitionRef, from: number, limit: number): Promise<IndexEntry[]>
  /** The entry with the greatest base <= `offset`, if any, passing over stubs (see `IndexEntry.stub`). */
  entryAtOrBefore(partition: PartitionRef, offset: number): Promise<IndexEntry | undefined>
  /** Raises the head's `start` and `hw` hints, never lowering them. */
  raiseHints(partition: PartitionRef, hints: { start?: number; hw?: number }): Promise<void>
  /** Deletes every entry of the partition (not its head); returns the segment keys they pointed at. */
  deletePartition(partition: PartitionRef): Promise<string[]>
}
