import type { SegmentRange } from '../storage/log-index.js'
import type { EngineDeps } from './deps.js'
import type { PartitionBatch } from './partition-batches.js'
import { segmentKeyPrefix } from './segment-keys.js'

/** Whether a batch is too large to stay inline in its index entry. */
export const goesToSegment = (deps: EngineDeps, b: PartitionBatch) =>
  b.bytes.length > deps.timing.inlineMaxBytes

/** Puts the batches too large to stay inline into one segment object per topic; where each one went. */
export async function putSegments(
  deps: EngineDeps,
  batches: readonly PartitionBatch[],
): Promise<Map<PartitionBatch, SegmentRange>> {
  const ranges = new Map<PartitionBatch, SegmentRange>()
  const large = batches.filter((b) => goesToSegment(deps, b))
  // One object per topic, so deleting a topic's segments never takes another topic's data with it.
  const topicIds = [...new Set(large.map((b) => b.ref.topicId))]
  await Promise.all(
    topicIds.map(async (topicId) => {
      const ofTopic = large.filter((b) => b.ref.topicId === topicId)
      // The retention class in the key lets the bucket's lifecycle rules expire it if no entry ever points here.
      const retentionMs = (ofTopic[0] as PartitionBatch).topic.retentionMs
      const key = `${segmentKeyPrefix(retentionMs)}${topicId}/${crypto.randomUUID()}`
      // One partition's batch is the whole object as it is: a copy of a MiB costs a produce CPU and GC.
      const only = ofTopic.length === 1 ? (ofTopic[0] as PartitionBatch).bytes : undefined
      const body = only ?? new Uint8Array(ofTopic.reduce((sum, b) => sum + b.bytes.length, 0))
      let at = 0
      for (const b of ofTopic) {
        if (!only) body.set(b.bytes, at)
        ranges.set(b, { key, offset: at, length: b.bytes.length })
        at += b.bytes.length
      }
      await deps.segments.put(key, body)
    }),
  )
  return ranges
}
