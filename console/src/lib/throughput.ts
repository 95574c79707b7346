/**
 * Records per second in and out, computed from offsets polled while a page is open: records in from
 * the partitions' end offsets, records out from the groups' committed offsets. Rates are taken per
 * partition and summed, so a topic created, deleted or reset between two polls does not show as a burst
 * (or a negative rate): only offsets seen in both polls, and only forward moves, count.
 */

export interface OffsetSample {
  /** When the offsets were read, ms since the epoch. */
  at: number
  /** End offset per `topic/partition`. */
  ends: ReadonlyMap<string, number>
  /** Committed offset per `group/topic/partition`. */
  committed: ReadonlyMap<string, number>
  /** Total lag of every group at that time. */
  lag: number
}

export interface ThroughputSeries {
  /** Seconds since the epoch, as the chart takes them. */
  times: number[]
  inPerSecond: number[]
  outPerSecond: number[]
  lag: number[]
}

/** The rate between each two consecutive samples, placed at the later one. */
export function throughput(samples: readonly OffsetSample[]): ThroughputSeries {
  const series: ThroughputSeries = { times: [], inPerSecond: [], outPerSecond: [], lag: [] }
  for (let i = 1; i < samples.length; i++) {
    const before = samples[i - 1] as OffsetSample
    const after = samples[i] as OffsetSample
    const seconds = (after.at - before.at) / 1000
    if (seconds <= 0) continue
    series.times.push(after.at / 1000)
    series.inPerSecond.push(forwardMoves(before.ends, after.ends) / seconds)
    series.outPerSecond.push(forwardMoves(before.committed, after.committed) / seconds)
    series.lag.push(after.lag)
  }
  return series
}

function forwardMoves(before: ReadonlyMap<string, number>, after: ReadonlyMap<string, number>): number {
  let moved = 0
  for (const [key, offset] of after) {
    const previous = before.get(key)
    if (previous !== undefined && offset > previous) moved += offset - previous
  }
  return moved
}

/** Keeps the samples of the last `windowMs` before the newest. */
export function keepWindow<T extends { at: number }>(samples: readonly T[], windowMs: number): T[] {
  const newest = samples.at(-1)?.at ?? 0
  return samples.filter((s) => s.at >= newest - windowMs)
}
