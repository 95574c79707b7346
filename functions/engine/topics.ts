import { invalidRequest, SluiceError, topicNotFound } from '../errors.js'
import { outOfRange } from '../rules.js'
import type { EngineDeps } from './deps.js'
import { LIMITS } from './limits.js'
import { type PartitionBounds, partitionBounds } from './read.js'
import { forgetTopic, rememberTopic } from './topic-cache.js'
import type { TopicMeta } from './topic-meta.js'

/** A topic as the API shows it. */
export interface Topic {
  name: string
  partitions: number
  retentionMs: number
  createdAt: number
}

export const toTopic = (meta: TopicMeta): Topic => ({
  name: meta.name,
  partitions: meta.partitions,
  retentionMs: meta.retentionMs,
  createdAt: meta.createdAt,
})

export async function requireTopic(deps: EngineDeps, name: string): Promise<TopicMeta> {
  const meta = await deps.catalog.get(name)
  if (!meta) throw topicNotFound(name)
  return meta
}

/** Refuses a partition beyond the topic's count (400), naming the field that gave it. */
export function checkPartition(topic: TopicMeta, partition: number, where = 'partition'): void {
  if (partition >= topic.partitions) {
    throw invalidRequest(outOfRange(where, partition, topic.partitions), {
      topic: topic.name,
      partition,
    })
  }
}

export async function createTopic(
  deps: EngineDeps,
  input: { name: string; partitions?: number; retentionMs?: number },
): Promise<Topic> {
  const meta: TopicMeta = {
    name: input.name,
    topicId: crypto.randomUUID(),
    partitions: input.partitions ?? 1,
    retentionMs: input.retentionMs ?? LIMITS.defaultRetentionMs,
    createdAt: deps.now(),
  }
  if (!(await deps.catalog.create(meta))) {
    throw new SluiceError('TOPIC_EXISTS', `topic '${input.name}' already exists`, { topic: input.name })
  }
  rememberTopic(deps, meta)
  return toTopic(meta)
}

export async function listTopics(deps: EngineDeps): Promise<Topic[]> {
  return (await deps.catalog.list()).map(toTopic)
}

export async function topicOffsets(
  deps: EngineDeps,
  meta: TopicMeta,
): Promise<({ partition: number } & PartitionBounds)[]> {
  const partitions = Array.from({ length: meta.partitions }, (_, p) => p)
  return Promise.all(
    partitions.map(async (partition) => ({ partition, ...(await partitionBounds(deps, meta, partition)) })),
  )
}

export async function updateTopic(
  deps: EngineDeps,
  name: string,
  change: { partitions?: number; retentionMs?: number },
): Promise<Topic> {
  const current = await requireTopic(deps, name)
  const partitions = change.partitions ?? current.partitions
  if (partitions < current.partitions) {
    throw invalidRequest(`partitions can only grow: '${name}' has ${current.partitions}`, { topic: name })
  }
  const updated = await deps.catalog.update(current, {
    partitions,
    retentionMs: change.retentionMs ?? current.retentionMs,
  })
  if (!updated) throw topicNotFound(name)
  rememberTopic(deps, updated)
  return toTopic(updated)
}

/**
 * Removes the topic at once (its name is free again), then retires its partition heads, so that no
 * producer still holding its metadata can reserve offsets in it or create a head, then its data. A
 * writer that reserved before and lands its entry after, or a reader's hole fill, leaves items behind:
 * when the retired heads expire, the janitor sweeps the partitions again. A topic created again under
 * the name gets a new incarnation id, so even data not yet deleted is never shown under it.
 */
/**
 * How long a deleted topic's heads stay retired: far longer than any write in flight when it was
 * deleted can take, so the janitor's sweep when they expire finds all that was left.
 */
const RETIRED_HEAD_LIFE_MS = 60 * 60 * 1000

export async function deleteTopic(deps: EngineDeps, name: string): Promise<void> {
  const meta = await requireTopic(deps, name)
  if (!(await deps.catalog.remove(meta))) throw topicNotFound(name)
  forgetTopic(deps, name)
  const partitions = Array.from({ length: meta.partitions }, (_, partition) => ({
    topicId: meta.topicId,
    partition,
  }))
  await deps.index.retireHeads(partitions, deps.now() + RETIRED_HEAD_LIFE_MS)
  for (const partition of partitions) {
    const segments = await deps.index.deletePartition(partition)
    if (segments.length > 0) await deps.segments.delete(segments)
  }
}
