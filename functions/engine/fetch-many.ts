import { SluiceError } from '../errors.js'
import type { PartitionHead, PartitionRef } from '../storage/log-index.js'
import type { EngineDeps } from './deps.js'
import { fetchRecords } from './fetch.js'
import { type ReadLimits, type ReadResult, readPartition } from './read.js'
import { cachedTopic, freshTopic } from './topic-cache.js'
import type { TopicMeta } from './topic-meta.js'
import { checkPartition } from './topics.js'

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
 * answering as soon as any has a record. Every look at the partitions (the first, and each while
 * waiting) is a `poll`: an idle look costs one small batch read. A partition whose offset is out of
 * range answers its own error; the others still answer.
 */
export async function fetchMany(
  deps: EngineDeps,
  request: FetchManyRequest,
  signal?: AbortSignal,
): Promise<{ partitions: PartitionFetch[] }> {
  const topics = new Map<string, TopicMeta>()
  for (const name of new Set(request.partitions.map((p) => p.topic))) {
    let meta = await cachedTopic(deps, name)
    // Partitions only grow: a partition beyond the remembered count may be new.
    if (request.partitions.some((p) => p.topic === name && p.partition >= meta.partitions)) {
      meta = await freshTopic(deps, name)
    }
    topics.set(name, meta)
  }
  for (const p of request.partitions) checkPartition(topics.get(p.topic) as TopicMeta, p.partition)
  const limits = {
    limit: request.limit,
    maxBytes: Math.max(1, Math.floor(request.maxBytes / request.partitions.length)),
  }
  const results = await poll(deps, topics, request.partitions, limits)
  const deadline = deps.now() + request.waitMs
  while (!results.some(hasRecords) && deps.now() < deadline && !signal?.aborted) {
    const waiting = results.flatMap((r, i) => ('nextOffset' in r ? [{ r, i }] : []))
    if (waiting.length === 0) break
    await waitForAny(
      deps,
      waiting.map(({ r }) => ({ topic: topics.get(r.topic) as TopicMeta, partition: r.partition })),
      Math.min(deadline - deps.now(), deps.timing.pollIntervalMs),
      signal,
    )
    const again = await poll(
      deps,
      topics,
      waiting.map(({ r }) => ({ topic: r.topic, partition: r.partition, offset: r.nextOffset })),
      limits,
    )
    again.forEach((r, j) => {
      results[(waiting[j] as { i: number }).i] = r
    })
  }
  return { partitions: results }
}

type Position = FetchManyRequest['partitions'][number]

/**
 * One look at the partitions: their heads in one eventually consistent BatchGetItem (half a read unit
 * each), then the normal consistent read only of those whose head moved past the offset, or whose
 * answer needs the partition's bounds (earliest, latest, an offset outside the head's range). An idle
 * partition answers from its head alone: no records, `nextOffset` and `endOffset` the offset asked,
 * `startOffset` the head's lower bound of it. A head may lag a moment behind an append: the next look
 * sees it.
 */
async function poll(
  deps: EngineDeps,
  topics: ReadonlyMap<string, TopicMeta>,
  positions: readonly Position[],
  limits: ReadLimits,
): Promise<PartitionFetch[]> {
  const numbered = positions.filter((p) => typeof p.offset === 'number')
  const heads = numbered.length === 0 ? [] : await deps.index.heads(numbered.map((p) => refOf(topics, p)))
  const headOf = new Map(numbered.map((p, i) => [p, heads[i] as PartitionHead]))
  // A read of records uses the topic as it is now: it may have been deleted or created again.
  const fresh = new Map<string, Promise<TopicMeta>>()
  const topicNow = (name: string) => {
    let meta = fresh.get(name)
    if (!meta) {
      meta = freshTopic(deps, name)
      fresh.set(name, meta)
    }
    return meta
  }
  return Promise.all(
    positions.map(async (p): Promise<PartitionFetch> => {
      const { offset } = p
      const head = headOf.get(p)
      if (typeof offset !== 'number') {
        return answer(p, () =>
          fetchRecords(deps, p.topic, p.partition, { ...limits, from: offset, waitMs: 0 }),
        )
      }
      if (head && head.next === offset && offset >= head.start) {
        return {
          topic: p.topic,
          partition: p.partition,
          records: [],
          nextOffset: offset,
          startOffset: head.start,
          endOffset: offset,
        }
      }
      return answer(p, async () => readPartition(deps, await topicNow(p.topic), p.partition, offset, limits))
    }),
  )
}

const refOf = (topics: ReadonlyMap<string, TopicMeta>, p: Position): PartitionRef => ({
  topicId: (topics.get(p.topic) as TopicMeta).topicId,
  partition: p.partition,
})

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
