import { SluiceError } from '../errors.js'
import type { IndexEntry, PartitionHead, PartitionRef } from '../storage/log-index.js'
import type { EngineDeps } from './deps.js'
import { isExpired, type WalkContext, walkEntries } from './partition-walk.js'
import { decodeBatch, recordSize, type StoredRecord } from './record-batch.js'
import type { TopicMeta } from './topic-meta.js'

export interface ReadRecord extends StoredRecord {
  offset: number
}

export interface PartitionBounds {
  /** The first offset still held. */
  startOffset: number
  /** The high watermark: one past the last readable record. */
  endOffset: number
}

export interface ReadResult extends PartitionBounds {
  records: ReadRecord[]
  nextOffset: number
}

/** Walking this many entries past a hint makes the walker raise it for the next reader. */
const HINT_STRIDE = 16

/**
 * Index entries in a read's first page; later pages grow (see walkEntries). Index reads bill by the
 * bytes of the entries read, and a read of 1 MiB of 100 KB batches uses ten: a first page of 100
 * would bill six times what it uses, where a read of many small batches pays a round trip or two more.
 */
const FIRST_READ_PAGE = 16

/** What every read of a partition starts from; the head is read before any walk (see walkEntries). */
async function openPartition(deps: EngineDeps, topic: TopicMeta, partition: number) {
  const ctx = walkContext(deps, topic)
  const ref: PartitionRef = { topicId: topic.topicId, partition }
  return { ctx, ref, head: await deps.index.head(ref) }
}

function walkContext(deps: EngineDeps, topic: TopicMeta): WalkContext {
  return {
    index: deps.index,
    timing: deps.timing,
    now: deps.now(),
    retentionMs: topic.retentionMs,
    events: deps.events,
  }
}

/**
 * The first offset still held: the end of the run of expired entries at the front (TTL deletes
 * lazily, so expired entries may still be there), stopping at a hole that may yet be filled.
 */
async function startOffset(ctx: WalkContext, ref: PartitionRef, head: PartitionHead): Promise<number> {
  let start = head.start
  let walked = 0
  // Usually the first entry is live: read one or two, not a page of record data.
  for await (const entry of walkEntries(ctx, ref, head, head.start, 2)) {
    if (!isExpired(entry, ctx.now)) break
    start = entry.base + entry.count
    // A gap TTL left behind may stand for many entries: worth saving the next reader the walk.
    walked += entry.skip ? HINT_STRIDE : 1
  }
  if (walked >= HINT_STRIDE) await ctx.index.raiseHints(ref, { start })
  return Math.max(start, head.start)
}

/**
 * When a walk that proved a high watermark stores it in the head: after HINT_STRIDE entries, to save
 * later readers the walk; and after an expired entry, which TTL may delete any time now, leaving a gap
 * that later walks from the old hint cannot tell from a write in flight while the entry after it is
 * younger than the hole timeout.
 */
class HintEvidence {
  private walked = 0
  private expired = false

  see(entry: IndexEntry, now: number) {
    this.walked++
    if (isExpired(entry, now)) this.expired = true
  }

  get worthStoring() {
    return this.walked >= HINT_STRIDE || this.expired
  }
}

/** The high watermark: walk from the hint to the first hole that may still be filled. */
async function highWatermark(ctx: WalkContext, ref: PartitionRef, head: PartitionHead, from: number) {
  // Nothing was reserved at or past the head's next when it was read: no walk needed to know it.
  if (from >= head.next) return from
  let end = from
  const evidence = new HintEvidence()
  for await (const entry of walkEntries(ctx, ref, head, from, HINT_STRIDE)) {
    end = entry.base + entry.count
    evidence.see(entry, ctx.now)
  }
  if (evidence.worthStoring) await ctx.index.raiseHints(ref, { hw: end })
  return end
}

export async function partitionBounds(
  deps: EngineDeps,
  topic: TopicMeta,
  partition: number,
): Promise<PartitionBounds> {
  const { ctx, ref, head } = await openPartition(deps, topic, partition)
  const startOffsetValue = await startOffset(ctx, ref, head)
  const endOffset = await highWatermark(ctx, ref, head, Math.max(head.hw, startOffsetValue))
  return { startOffset: startOffsetValue, endOffset }
}

async function entryBytes(deps: EngineDeps, entry: IndexEntry): Promise<Uint8Array> {
  if (entry.data) return entry.data
  if (!entry.segment) throw new Error('index entry has neither inline data nor a segment')
  const segment = await deps.segmentCache.get(entry.segment.key)
  return segment.subarray(entry.segment.offset, entry.segment.offset + entry.segment.length)
}

export interface ReadLimits {
  limit: number
  maxBytes: number
}

/**
 * Starts the GETs of the segments a read will likely need as soon as their entries are known, so that
 * they run side by side instead of one after another; the read then finds them in the segment cache.
 * Stops at the read's limits, counted as the walk will count them (an estimate: records are a little
 * smaller than their batch), so it fetches no more than the read uses, give or take one segment.
 */
function segmentReadAhead(deps: EngineDeps, offset: number, limits: ReadLimits, now: number) {
  let records = 0
  let bytes = 0
  return (entries: readonly IndexEntry[]) => {
    for (const entry of entries) {
      if (records >= limits.limit || bytes >= limits.maxBytes) return
      if (entry.base + entry.count <= offset || entry.skip || isExpired(entry, now)) continue
      records += entry.base + entry.count - Math.max(offset, entry.base)
      bytes += entry.segment?.length ?? entry.data?.length ?? 0
      // A failed GET is not cached: the read itself asks again and reports the error.
      if (entry.segment) deps.segmentCache.get(entry.segment.key).catch(() => undefined)
    }
  }
}

/**
 * Reads from `offset` (one read, no waiting): records in offset order, skipping skip markers and
 * expired entries, at most `limit` records and `maxBytes` (but always one record if there is one).
 * Expiry does not follow offsets (retention changes, writers' clocks, skip markers): an expired entry
 * at or after the offset is a gap to read past, unless every entry before it has expired as well (the
 * offset is then below startOffset: 416).
 */
export async function readPartition(
  deps: EngineDeps,
  topic: TopicMeta,
  partition: number,
  offset: number,
  limits: ReadLimits,
): Promise<ReadResult> {
  const { ctx, ref, head } = await openPartition(deps, topic, partition)
  const outOfRange = async () => {
    const bounds = await partitionBounds(deps, topic, partition)
    return new SluiceError(
      'OFFSET_OUT_OF_RANGE',
      `offset ${offset} is outside ${bounds.startOffset}..${bounds.endOffset}`,
      { topic: topic.name, partition, ...bounds },
    )
  }
  if (offset > head.next || offset < head.start) throw await outOfRange()

  // Past the high-watermark hint, walk from the hint: the same walk then proves that no hole that may
  // still fill lies below the offset.
  const from = offset > head.hw ? Math.max(head.hw, head.start) : offset
  // It needs only the head: read beside the walk and the segment GETs, not after them.
  const start = startOffset(ctx, ref, head)
  start.catch(() => undefined)
  const records: ReadRecord[] = []
  let bytes = 0
  let next = offset
  let end = from
  const evidence = new HintEvidence()
  let stoppedForLimits = false
  /** Set at the first entry at or after the offset: only if it has expired can the offset be below start. */
  let pastFirst = false
  /** Whether a record of `size` bytes still fits the read's limits (the first one always does). */
  const fits = (size: number) =>
    records.length < limits.limit && (records.length === 0 || bytes + size <= limits.maxBytes)
  const readAhead = segmentReadAhead(deps, offset, limits, ctx.now)
  // Each entry holds at least one record: a first page need not be longer than the records wanted.
  const firstPage = Math.min(limits.limit + 1, FIRST_READ_PAGE)
  walk: for await (const entry of walkEntries(ctx, ref, head, from, firstPage, readAhead)) {
    evidence.see(entry, ctx.now)
    end = entry.base + entry.count
    if (end <= offset) continue
    if (isExpired(entry, ctx.now)) {
      // The start walk already runs: rarely waited for, and only once.
      if (!pastFirst && offset < (await start)) throw await outOfRange()
      pastFirst = true
      next = end
      continue
    }
    pastFirst = true
    if (!entry.skip) {
      // Full already, even for an empty record: stop before fetching bytes that would not be used.
      if (!fits(0)) {
        stoppedForLimits = true
        break
      }
      const decoded = decodeBatch(await entryBytes(deps, entry), entry.count, entry.crc)
      for (let i = Math.max(0, offset - entry.base); i < decoded.length; i++) {
        const record = decoded[i] as StoredRecord
        const size = recordSize(record)
        if (!fits(size)) {
          stoppedForLimits = true
          break walk
        }
        records.push({ ...record, offset: entry.base + i })
        bytes += size
        next = entry.base + i + 1
      }
    }
    next = end
  }
  if (!stoppedForLimits && end < offset) {
    // The walk from the hint stopped below the offset, at a hole that may still fill or at a gap TTL
    // left before an entry younger than the hole timeout: it cannot tell which. The offset was handed
    // out (it is at most the head's next) and a reader may have reached it while the entries below it
    // were there: it waits at the offset, as at the end of the log, and endOffset does not fall below
    // where it stands. Once the hole timeout has passed, the walk settles the gap.
    return { records: [], nextOffset: offset, startOffset: await start, endOffset: offset }
  }
  const [endOffset, startOffsetValue] = await Promise.all([
    stoppedForLimits ? highWatermark(ctx, ref, head, Math.max(head.hw, next)) : raiseHighWatermark(),
    start,
  ])
  if (offset < startOffsetValue && records.length === 0) throw await outOfRange()
  if (records.length > 0) deps.events.fetched(topic.name, records.length, bytes)
  // The hint is a proven high watermark: a walk stopped below it by a gap TTL left reports it still.
  return {
    records,
    nextOffset: next,
    startOffset: startOffsetValue,
    endOffset: Math.max(endOffset, head.hw),
  }

  /** The walk reached the first hole that may still fill: `next` is the high watermark. */
  async function raiseHighWatermark() {
    if (evidence.worthStoring && next > head.hw) await ctx.index.raiseHints(ref, { hw: next })
    return next
  }
}

/** The first offset whose record's timestamp is at or after `timestamp`; the high watermark if none. */
export async function offsetForTimestamp(
  deps: EngineDeps,
  topic: TopicMeta,
  partition: number,
  timestamp: number,
): Promise<number> {
  const { ctx, ref, head } = await openPartition(deps, topic, partition)
  let end = head.start
  for await (const entry of walkEntries(ctx, ref, head, head.start)) {
    end = entry.base + entry.count
    if (entry.skip || isExpired(entry, ctx.now) || entry.maxTimestamp < timestamp) continue
    const decoded = decodeBatch(await entryBytes(deps, entry), entry.count, entry.crc)
    const at = decoded.findIndex((r) => r.timestamp >= timestamp)
    if (at >= 0) return entry.base + at
  }
  return end
}
