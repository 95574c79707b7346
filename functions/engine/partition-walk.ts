import type { ServiceEvents } from '../observability/events.js'
import {
  type IndexEntry,
  type LogIndex,
  type PartitionHead,
  type PartitionRef,
  skipMarker,
} from '../storage/log-index.js'
import type { EngineTiming } from './limits.js'

/** Index pages grow from the walk's first page size to this: reads bill by the bytes of the items read. */
const MAX_PAGE = 100

export interface WalkContext {
  index: LogIndex
  timing: EngineTiming
  now: number
  /** The topic's retention (-1: forever). */
  retentionMs: number
  events: Pick<ServiceEvents, 'holeFilled'>
}

/**
 * Yields the partition's entries in offset order, contiguously from `from` (the first one may start
 * before `from` and cover it), and stops at the first hole that may still be filled by its writer.
 * A hole older than the hole timeout is filled (`LogIndex.fillGap`: every empty slot held, so that
 * no writer can land there later; a writer that got there first keeps its entry) and read again.
 * The timeout is for liveness only: whatever the clocks say, an entry never lands under a marker, so
 * a writer's 200 stands. This is the only place that
 * decides what readers may move past (DESIGN.md invariant 4). A gap whose contents, had there been
 * any, would have expired by now is where TTL already deleted entries: it is yielded as an expired
 * skip, without writing anything. `head` must be read no earlier than
 * the walk starts, so that every reservation below `head.next` is at least as old as `head.reservedAt`.
 */
export async function* walkEntries(
  ctx: WalkContext,
  ref: PartitionRef,
  head: PartitionHead,
  from: number,
  /** Entries in the first page (at most MAX_PAGE): small when the walk usually stops early. */
  firstPageSize = MAX_PAGE,
  /** Sees each page of entries as it is read, before any of them is yielded (to start reads ahead). */
  onPage?: (entries: readonly IndexEntry[]) => void,
): AsyncGenerator<IndexEntry> {
  let expected = from
  let pageSize = Math.min(firstPageSize, MAX_PAGE)
  let page = await ctx.index.entriesFrom(ref, from, pageSize)
  // An entry that starts before `from` may cover it; so may one under a stub at `from` (a stub means
  // nothing inside an entry that landed before it).
  const first = page[0]
  if (from > 0 && (first?.base !== from || first.stub)) {
    const covering = await ctx.index.entryAtOrBefore(ref, from)
    if (covering && covering.base + covering.count > from) {
      onPage?.([covering])
      yield covering
      expected = covering.base + covering.count
    }
  }
  const expiredSkip = (end: number) => skipMarker(expected, end - expected, ctx.now, ctx.now - 1)
  /**
   * Every reservation in the gap up to `end` was made before `reservedBefore`. Either the gap is where
   * TTL deleted entries (yielded as an expired skip, nothing written), or it is filled, and the walk
   * reads again what is now there.
   */
  const fill = async (end: number, reservedBefore: number): Promise<IndexEntry | undefined> => {
    const { retentionMs, timing } = ctx
    if (retentionMs !== -1 && reservedBefore + timing.writerDeadlineMs + retentionMs < ctx.now) {
      return expiredSkip(end)
    }
    const expiresAt = retentionMs === -1 ? undefined : ctx.now + retentionMs
    await ctx.index.fillGap(ref, expected, end, ctx.now, expiresAt)
    ctx.events.holeFilled(ref.topicId, ref.partition, end - expected)
    return undefined
  }
  for (;;) {
    onPage?.(page)
    let restart = false
    for (const entry of page) {
      if (entry.base + entry.count <= expected) continue
      if (entry.base > expected) {
        // The hole's reservations were all made before this entry's, hence before it was appended.
        if (ctx.now - entry.appendedAt <= ctx.timing.holeTimeoutMs) return
        const skip = await fill(entry.base, entry.appendedAt)
        if (!skip) {
          restart = true
          break
        }
        yield skip
        expected = entry.base
      }
      yield entry
      expected = entry.base + entry.count
    }
    if (!restart && page.length < pageSize) {
      if (expected < head.next && ctx.now - head.reservedAt > ctx.timing.holeTimeoutMs) {
        const skip = await fill(head.next, head.reservedAt)
        if (!skip) {
          restart = true
        } else {
          yield skip
          return
        }
      }
      if (!restart) return
    }
    pageSize = Math.min(pageSize * 4, MAX_PAGE)
    page = await ctx.index.entriesFrom(ref, expected, pageSize)
  }
}

export const isExpired = (entry: IndexEntry, now: number) =>
  entry.expiresAt !== undefined && entry.expiresAt <= now
