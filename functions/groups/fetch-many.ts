import type { EngineDeps } from '../engine/deps.js'
import { fetchRecords } from '../engine/fetch.js'
import { type ReadResult, readPartition } from '../engine/read.js'
import { requireTopic } from '../engine/topics.js'
import { SluiceError } from '../errors.js'
import type { TopicMeta } from '../storage/topic-catalog.js'
import { checkPartition } from './partitions.js'

export interface FetchManyRequest {
  partitions: { topic: string; partition: number; offset: number | 'earliest' | 'latest' }[]
  /** Records per partition. */
  limit: number
  /** Bytes for the whole answer, shared evenly between the partitions. */
  maxBytes: number
  waitMs: number
}

export type PartitionFetch =
  | ({ topic: string; partition: number } & ReadResult)
  | { topic: string; partition: number; error: ReturnType<SluiceError['toJSON']>['error'] }

/**
 * Fetches several partitions in one request, and with nothing to return waits on all of them at once,
 * answering as soon as any has a record. While waiting it reads only each partition's head (one small
 * read) and re-reads a partition only when its sequencer has moved: an idle wait costs little.
 * A partition whose offset is out of range answers its own error; the others still answer.
 */
export async function fetchMany(
  deps: EngineDeps,
  request: FetchManyRequest,
  signal?: AbortSignal,
): Promise<{ partitions: PartitionFetch[] }> {
  const topics = new Map<string, TopicMeta>()
  for (const name of new Set(request.partitions.map((p) => p.topic))) {
    topics.set(name, await requireTopic(deps, name))
  }
  for (const p of request.partitions) checkPartition(topics.get(p.topic) as TopicMeta, p.partition)
  const limits = {
    limit: request.limit,
    maxBytes: Math.max(1, Math.floor(request.maxBytes / request.partitions.length)),
  }
  // The first read resolves earliest/latest exactly as a single fetch does.
  const results = await Promise.all(
    request.partitions.map((p) =>
      answer(p, () => fetchRecords(deps, p.topic, p.partition, { ...limits, from: p.offset, waitMs: 0 })),
    ),
  )
  const deadline = deps.now() + request.waitMs
  while (!results.some(hasRecords) && deps.now() < deadline && !signal?.aborted) {
    const waiting = results.flatMap((r, i) => ('error' in r ? [] : [{ r, i, topic: topics.get(r.topic) }]))
    if (waiting.length === 0) break
    await waitForAny(
      deps,
      waiting.map((w) => ({ topic: w.topic as TopicMeta, partition: w.r.partition })),
      Math.min(deadline - deps.now(), deps.timing.pollIntervalMs),
      signal,
    )
    await Promise.all(
      waiting.map(async ({ r, i, topic }) => {
        const meta = topic as TopicMeta
        if (!('nextOffset' in r)) return
        const head = await deps.index.head({ topicId: meta.topicId, partition: r.partition })
        if (head.next <= r.nextOffset) return
        results[i] = await answer(r, () => readPartition(deps, meta, r.partition, r.nextOffset, limits))
      }),
    )
  }
  return { partitions: results }
}

const hasRecords = (r: PartitionFetch) => 'records' in r && r.records.length > 0

async function answer(
  p: { topic: string; partition: number },
  read: () => Promise<ReadResult>,
): Promise<PartitionFetch> {
  try {
    return { topic: p.topic, partition: p.partition, ...(await read()) }
  } catch (err) {
    if (err instanceof SluiceError && err.code === 'OFFSET_OUT_OF_RANGE') {
      return { topic: p.topic, partition: p.partition, error: err.toJSON().error }
    }
    throw err
  }
}

/** Resolves on an append in this process to any of the partitions, after `ms`, or on abort. */
async function waitForAny(
  deps: EngineDeps,
  partitions: { topic: TopicMeta; partition: number }[],
  ms: number,
  signal?: AbortSignal,
): Promise<void> {
  const done = new AbortController()
  const stop = () => done.abort()
  signal?.addEventListener('abort', stop)
  await Promise.race(partitions.map((p) => deps.notifier.wait(p.topic.topicId, p.partition, ms, done.signal)))
  done.abort()
  signal?.removeEventListener('abort', stop)
}
