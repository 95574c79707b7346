import type { EngineDeps } from '../engine/deps.js'
import { partitionBounds } from '../engine/read.js'
import type { TopicMeta } from '../engine/topic-meta.js'
import { checkPartition, requireTopic } from '../engine/topics.js'
import { invalidRequest, SluiceError } from '../errors.js'
import type { PartitionState } from './group-state.js'

/** The topic, refusing a partition out of its range (400). */
export async function requirePartition(deps: EngineDeps, topicName: string, partition: number) {
  const topic = await requireTopic(deps, topicName)
  checkPartition(topic, partition)
  return topic
}

/**
 * Refuses a commit past the high watermark with 416 OFFSET_OUT_OF_RANGE: the code docs/api.md gives to an
 * offset outside a partition's range, whose details carry both bounds, so a client can correct itself.
 * Below the start offset is allowed: the consumer may have processed records that retention then
 * dropped, and its next fetch resets per its policy, as in Kafka. Answers the end offset it checked against.
 */
export async function checkCommittable(
  deps: EngineDeps,
  topic: TopicMeta,
  partition: number,
  offset: number,
): Promise<{ endOffset: number }> {
  checkPartition(topic, partition)
  const bounds = await partitionBounds(deps, topic, partition)
  if (offset > bounds.endOffset) {
    throw new SluiceError(
      'OFFSET_OUT_OF_RANGE',
      `cannot commit offset ${offset} past the end offset ${bounds.endOffset} of ${topic.name}/${partition}`,
      { topic: topic.name, partition, ...bounds },
    )
  }
  return bounds
}

/** Refuses a list that names one partition twice (one DynamoDB transaction cannot touch an item twice). */
export function checkDistinct(partitions: readonly number[], where: string): void {
  const seen = new Set<number>()
  for (const p of partitions) {
    if (seen.has(p)) throw invalidRequest(`${where} names partition ${p} more than once`)
    seen.add(p)
  }
}

/** The committed offset, unless it belongs to an earlier incarnation of the topic. */
export const committedOffset = (state: PartitionState | undefined, topic: TopicMeta): number | null =>
  state?.offset !== undefined && state.offsetTopicId === topic.topicId ? state.offset : null
