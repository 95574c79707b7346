import type { AppendRecord, AppendResult } from './append-types.js'

/**
 * An append's answer as its idempotency record keeps it: enough to give the same answer again from the
 * same request, in a few bytes per record. The answer itself (partition, offset and timestamp of each of
 * up to 10,000 records) would pass DynamoDB's 400 KB item limit.
 */
export interface KeptAnswer {
  /** The append's clock: the timestamp of every record that came without one. */
  now: number
  /** Per topic of the request, in order. */
  topics: KeptTopicAnswer[]
}

interface KeptTopicAnswer {
  /** Each record's partition, or the one partition of them all. */
  partitions: number | number[]
  /** Each partition's first offset; its records follow in request order. */
  bases: Record<string, number>
}

export function keepAnswer(results: readonly AppendResult[], now: number): KeptAnswer {
  return {
    now,
    topics: results.map(({ records }) => {
      const partitions = records.map((r) => r.partition)
      const bases: Record<string, number> = {}
      for (const r of records) bases[r.partition] = Math.min(bases[r.partition] ?? r.offset, r.offset)
      const only = partitions[0] ?? 0
      return { partitions: partitions.every((p) => p === only) ? only : partitions, bases }
    }),
  }
}

/** The answer kept for `requests` (the same records, by the body hash), per topic in order. */
export function answerAgain(kept: unknown, requests: readonly (readonly AppendRecord[])[]): AppendResult[] {
  // Records written before answers were kept compactly hold the answer itself.
  if (Array.isArray(kept)) return kept as AppendResult[]
  if (typeof kept === 'object' && kept !== null && 'records' in kept) return [kept as AppendResult]
  const { now, topics } = kept as KeptAnswer
  return topics.map(({ partitions, bases }, t) => {
    const next = new Map<number, number>()
    return {
      records: (requests[t] ?? []).map((record, i) => {
        const partition = typeof partitions === 'number' ? partitions : (partitions[i] as number)
        const offset = next.get(partition) ?? (bases[partition] as number)
        next.set(partition, offset + 1)
        return { partition, offset, timestamp: record.timestamp ?? now }
      }),
    }
  })
}
