import { offsetForTimestamp, partitionBounds } from '../engine/read.js'
import type { TopicMeta } from '../engine/topic-meta.js'
import { checkPartition, requireTopic } from '../engine/topics.js'
import { invalidRequest } from '../errors.js'
import { GroupConditionError } from '../storage/group-store.js'
import type { GroupDeps } from './deps.js'
import { fenced, groupActive, groupNotFound } from './errors.js'
import type { OffsetWrite } from './group-state.js'
import { isLeaseLive } from './lease-liveness.js'
import { GROUP_LIMITS } from './limits.js'
import { checkCommittable, checkDistinct, committedOffset } from './partitions.js'

export interface CommittedOffset {
  topic: string
  partition: number
  offset: number
}

export interface CommitRequest {
  topic: string
  memberId?: string
  offsets: { partition: number; offset: number; epoch?: number }[]
}

/** A commit's fenced writes, and the lag each leaves behind: the partition's end offset minus the offset. */
export interface CommitPlan {
  writes: OffsetWrite[]
  lags: number[]
}

/** Checks a commit's offsets and turns them into fenced writes; nothing is written here. */
export async function commitWrites(deps: GroupDeps, request: CommitRequest): Promise<CommitPlan> {
  const topic = await requireTopic(deps, request.topic)
  checkDistinct(
    request.offsets.map((o) => o.partition),
    'offsets',
  )
  for (const o of request.offsets) {
    if (o.epoch !== undefined && request.memberId === undefined) {
      throw invalidRequest('an offset with an epoch needs the memberId that holds the lease')
    }
    checkPartition(topic, o.partition, 'offsets.partition')
  }
  const bounds = await Promise.all(
    request.offsets.map((o) => checkCommittable(deps, topic, o.partition, o.offset)),
  )
  const writes = request.offsets.map(
    (o): OffsetWrite => ({
      topic: topic.name,
      topicId: topic.topicId,
      partition: o.partition,
      offset: o.offset,
      fence:
        o.epoch === undefined ? 'no-live-lease' : { memberId: request.memberId as string, epoch: o.epoch },
    }),
  )
  const lags = request.offsets.map((o, i) => Math.max(0, (bounds[i]?.endOffset ?? o.offset) - o.offset))
  return { writes, lags }
}

/** Reports the lag a commit that held leaves on each of its partitions (the cheap moment: the end offsets are read). */
export function reportLag(deps: GroupDeps, group: string, plan: CommitPlan): void {
  plan.writes.forEach((w, i) => {
    deps.events.consumerLag(group, w.topic, w.partition, plan.lags[i] ?? 0)
  })
}

/** docs/api.md: with an epoch, holds only under that member's live lease; without, only under none. */
export async function commitOffsets(
  deps: GroupDeps,
  group: string,
  request: CommitRequest,
): Promise<{ offsets: CommittedOffset[] }> {
  const plan = await commitWrites(deps, request)
  const { writes } = plan
  try {
    await deps.groups.commitOffsets(group, writes, deps.now())
  } catch (err) {
    if (err instanceof GroupConditionError) throw fencedCommit(group, writes[err.index] as OffsetWrite)
    throw err
  }
  reportLag(deps, group, plan)
  // Fenced commits ride on a lease, whose member registered the group; an unfenced one may be the first.
  if (writes.some((w) => w.fence === 'no-live-lease')) await deps.groups.register(group, [request.topic])
  return { offsets: writes.map(toCommitted) }
}

export function fencedCommit(group: string, write: OffsetWrite) {
  const { topic, partition } = write
  return write.fence === 'no-live-lease'
    ? fenced(`a live lease covers ${topic}/${partition}: commit with its member and epoch`, {
        group,
        topic,
        partition,
      })
    : fenced(
        `'${write.fence.memberId}' no longer holds a live lease of ${topic}/${partition} at epoch ${write.fence.epoch}`,
        { group, topic, partition, epoch: write.fence.epoch },
      )
}

const toCommitted = (w: OffsetWrite): CommittedOffset => ({
  topic: w.topic,
  partition: w.partition,
  offset: w.offset,
})

/** The group's committed offsets on the topics `visible` lets through (one topic, or the caller's grants). */
export async function readOffsets(
  deps: GroupDeps,
  group: string,
  visible: (topic: string) => boolean,
): Promise<{ offsets: CommittedOffset[] }> {
  if (!(await deps.groups.registered(group))) throw groupNotFound(group)
  const { partitions } = await deps.groups.snapshot(group)
  const relevant = partitions.filter((p) => p.offset !== undefined && visible(p.topic))
  const topics = new Map<string, TopicMeta | undefined>()
  for (const name of new Set(relevant.map((p) => p.topic))) topics.set(name, await deps.catalog.get(name))
  const offsets: CommittedOffset[] = []
  for (const p of relevant) {
    const meta = topics.get(p.topic)
    const offset = meta ? committedOffset(p, meta) : null
    if (offset !== null) offsets.push({ topic: p.topic, partition: p.partition, offset })
  }
  offsets.sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition)
  return { offsets }
}

export type ResetTarget =
  | { to: 'earliest' | 'latest' }
  | { timestamp: number }
  | { offsets: { partition: number; offset: number }[] }

/**
 * Moves a group's offsets on one topic, as `kafka-consumer-groups --reset-offsets` does: refused
 * (409 GROUP_ACTIVE, nothing changed) while any lease on the topic is live. A group that does not
 * exist yet is created, so offsets can be placed before the first consumer starts.
 */
export async function resetOffsets(
  deps: GroupDeps,
  group: string,
  topicName: string,
  target: ResetTarget,
): Promise<{ offsets: CommittedOffset[] }> {
  const topic = await requireTopic(deps, topicName)
  const targets = await resetTargets(deps, topic, target)
  const { members, partitions } = await deps.groups.snapshot(group)
  const now = deps.now()
  const active = partitions.find((p) => p.topic === topicName && isLeaseLive(p, members, now))
  if (active) throw activeLease(group, active)
  const writes: OffsetWrite[] = targets.map((t) => ({
    topic: topicName,
    topicId: topic.topicId,
    ...t,
    fence: 'no-live-lease',
  }))
  // A topic of many partitions takes several transactions; only a lease taken meanwhile (a race the
  // check above did not see) can stop a later one.
  for (let i = 0; i < writes.length; i += GROUP_LIMITS.resetChunkPartitions) {
    const chunk = writes.slice(i, i + GROUP_LIMITS.resetChunkPartitions)
    try {
      await deps.groups.commitOffsets(group, chunk, now)
    } catch (err) {
      if (err instanceof GroupConditionError) {
        const write = chunk[err.index] as OffsetWrite
        throw groupActive(`a lease on ${topicName}/${write.partition} was taken during the reset`, {
          group,
          topic: topicName,
          partition: write.partition,
        })
      }
      throw err
    }
  }
  await deps.groups.register(group, [topicName])
  return { offsets: writes.map(toCommitted) }
}

async function resetTargets(deps: GroupDeps, topic: TopicMeta, target: ResetTarget) {
  if ('offsets' in target) {
    checkDistinct(
      target.offsets.map((o) => o.partition),
      'offsets',
    )
    await Promise.all(target.offsets.map((o) => checkCommittable(deps, topic, o.partition, o.offset)))
    return target.offsets.map((o) => ({ partition: o.partition, offset: o.offset }))
  }
  const all = Array.from({ length: topic.partitions }, (_, partition) => partition)
  return Promise.all(
    all.map(async (partition) => {
      if ('timestamp' in target) {
        return { partition, offset: await offsetForTimestamp(deps, topic, partition, target.timestamp) }
      }
      const bounds = await partitionBounds(deps, topic, partition)
      return { partition, offset: target.to === 'earliest' ? bounds.startOffset : bounds.endOffset }
    }),
  )
}

export const activeLease = (group: string, p: { topic: string; partition: number; owner?: string }) =>
  groupActive(`'${p.owner}' holds a live lease on ${p.topic}/${p.partition}`, {
    group,
    topic: p.topic,
    partition: p.partition,
    owner: p.owner,
  })
