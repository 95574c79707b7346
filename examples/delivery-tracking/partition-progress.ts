/**
 * What an ETA member knows of one partition of `rider-locations` while it holds the partition's
 * lease. Nothing of it outlives the lease: while the partition was away, other members handled its
 * riders' updates, so a member that gets a partition back starts afresh.
 */
import { fetchRecords, type Sluice } from '@sluice/sdk'
import { ETAS } from './shared.js'

/** Header of each ETA: the offset in `rider-locations` of the update it was computed from. */
export const SOURCE_OFFSET = 'source-offset'

/** How many of an ETA partition's last records are searched for the highest source offset. */
const LOOKBACK = 100

export interface Gap {
  /** The seq that should have come next. */
  expected: number
  /** The seq that came instead. */
  got: number
}

export class PartitionProgress {
  /** Each rider's last seq seen under this lease. */
  readonly #lastSeq = new Map<string, number>()

  /** `handledBelow`: updates at lower offsets had their ETA published by an earlier owner. */
  constructor(readonly handledBelow: number) {}

  /**
   * Finds how far earlier owners got: the ETAs of partition p of `rider-locations` go to partition p
   * of `order-etas`, in the order they were handled, each naming its update's offset. The last one
   * is where the previous owner stopped, committed or not.
   */
  static async load(sluice: Sluice, partition: number): Promise<PartitionProgress> {
    const offsets = await sluice.admin().fetchTopicOffsets(ETAS)
    const bounds = offsets.find((o) => o.partition === partition)
    if (!bounds || bounds.high === bounds.low) return new PartitionProgress(0)
    const { records } = await sluice.execute(
      fetchRecords({
        topic: ETAS,
        partition,
        offset: Math.max(bounds.low, bounds.high - LOOKBACK),
        limit: LOOKBACK,
      }),
    )
    const sources = records.map((record) => Number(record.headers[SOURCE_OFFSET] ?? -1))
    return new PartitionProgress(Math.max(-1, ...sources) + 1)
  }

  /** Notes a rider's update; answers the gap before it when updates of the rider were skipped. */
  follow(riderId: string, seq: number): Gap | undefined {
    const previous = this.#lastSeq.get(riderId)
    this.#lastSeq.set(riderId, seq)
    return previous !== undefined && seq > previous + 1 ? { expected: previous + 1, got: seq } : undefined
  }
}
