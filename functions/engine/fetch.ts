import type { EngineDeps } from './deps.js'
import {
  offsetForTimestamp,
  partitionBounds,
  type ReadLimits,
  type ReadResult,
  readPartition,
} from './read.js'
import type { TopicMeta } from './topic-meta.js'
import { checkPartition, requireTopic } from './topics.js'

export type OffsetSpec = number | 'earliest' | 'latest' | { timestamp: number }

export interface FetchRequest extends ReadLimits {
  from: OffsetSpec
  /** With nothing to return yet, wait up to this long for a record. */
  waitMs: number
}

/** Fetch as docs/api.md has it: resolve where to start, read, and long-poll while there is nothing yet. */
export async function fetchRecords(
  deps: EngineDeps,
  topicName: string,
  partition: number,
  request: FetchRequest,
  signal?: AbortSignal,
): Promise<ReadResult> {
  return fetchFromTopic(deps, await requireTopic(deps, topicName), partition, request, signal)
}

/** As `fetchRecords`, on topic metadata the caller read already (for a run of fetches, not each one). */
export async function fetchFromTopic(
  deps: EngineDeps,
  topic: TopicMeta,
  partition: number,
  request: FetchRequest,
  signal?: AbortSignal,
): Promise<ReadResult> {
  checkPartition(topic, partition)
  const offset = await resolveOffset()
  const deadline = deps.now() + request.waitMs
  const ref = { topicId: topic.topicId, partition }
  let result = await readPartition(deps, topic, partition, offset, request)
  // Waiting, poll only the partition's head (one small item) and read again once a reservation
  // reaches past the offset: an idle long-poll costs one read per poll interval, not a walk.
  for (;;) {
    const remaining = deadline - deps.now()
    if (result.records.length > 0 || remaining <= 0 || signal?.aborted) return result
    await deps.notifier.wait(
      topic.topicId,
      partition,
      Math.min(remaining, deps.timing.pollIntervalMs),
      signal,
    )
    if ((await deps.index.head(ref)).next > offset) {
      result = await readPartition(deps, topic, partition, offset, request)
    }
  }

  async function resolveOffset(): Promise<number> {
    const { from } = request
    if (typeof from === 'number') return from
    if (typeof from === 'object') return offsetForTimestamp(deps, topic, partition, from.timestamp)
    const bounds = await partitionBounds(deps, topic, partition)
    return from === 'earliest' ? bounds.startOffset : bounds.endOffset
  }
}
