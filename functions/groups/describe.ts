import { partitionBounds } from '../engine/read.js'
import type { GroupDeps } from './deps.js'
import { groupActive, groupNotFound } from './errors.js'
import type { PartitionState } from './group-state.js'
import { isLeaseLive, leaseExpiry } from './lease-liveness.js'
import { liveMembers, type MemberView } from './members.js'
import { activeLease } from './offsets.js'
import { committedOffset } from './partitions.js'

export interface PartitionView {
  partition: number
  committedOffset: number | null
  endOffset: number
  /** endOffset - committedOffset; null while the group has committed nothing on the partition. */
  lag: number | null
  owner: string | null
  epoch: number
  leaseExpiresAt: number | null
}

export interface GroupView {
  group: string
  members: MemberView[]
  topics: { topic: string; partitions: PartitionView[] }[]
}

/** Every group, with the topics it has touched that still exist (as `describeGroup` shows them). */
export async function listGroups(deps: GroupDeps) {
  const [groups, topics] = await Promise.all([deps.groups.list(), deps.catalog.list()])
  const live = new Set(topics.map((topic) => topic.name))
  return {
    groups: groups
      .map(({ group, topics }) => ({ group, topics: topics.filter((topic) => live.has(topic)) }))
      .sort((a, b) => a.group.localeCompare(b.group)),
  }
}

/**
 * Members, and per partition of every topic the group has touched that `visible` lets through (the
 * caller's grants): commit, end, lag and lease.
 */
export async function describeGroup(
  deps: GroupDeps,
  group: string,
  visible: (topic: string) => boolean,
): Promise<GroupView> {
  const registered = await deps.groups.registered(group)
  if (!registered) throw groupNotFound(group)
  const snapshot = await deps.groups.snapshot(group)
  const now = deps.now()
  const touched = snapshot.partitions.filter((p) => !isCleared(p)).map((p) => p.topic)
  const names = [...new Set([...registered, ...touched])].filter(visible).sort()
  const metas = await Promise.all(names.map((name) => deps.catalog.get(name)))
  const topics = await Promise.all(
    metas
      .flatMap((meta) => (meta ? [meta] : []))
      .map(async (meta) => {
        const partitions = await Promise.all(
          Array.from({ length: meta.partitions }, async (_, partition): Promise<PartitionView> => {
            const state = snapshot.partitions.find((p) => p.topic === meta.name && p.partition === partition)
            const { endOffset } = await partitionBounds(deps, meta, partition)
            const committed = committedOffset(state, meta)
            const live = state !== undefined && isLeaseLive(state, snapshot.members, now)
            const lag = committed === null ? null : Math.max(0, endOffset - committed)
            if (lag !== null) deps.events.consumerLag(group, meta.name, partition, lag)
            return {
              partition,
              committedOffset: committed,
              endOffset,
              lag,
              owner: live ? (state.owner as string) : null,
              epoch: state?.epoch ?? 0,
              leaseExpiresAt: live ? (leaseExpiry(state, snapshot.members) as number) : null,
            }
          }),
        )
        return { topic: meta.name, partitions }
      }),
  )
  return { group, members: liveMembers(snapshot.members, now), topics }
}

/** A partition item of a deleted group: only its epoch is left, so that no epoch is handed out twice. */
const isCleared = (p: PartitionState) => p.owner === undefined && p.offset === undefined

/**
 * Deletes the group's offsets, leases and members; refused while any lease is live. The partition
 * items keep their epochs, so a group created again under the name never reuses one.
 */
export async function deleteGroup(deps: GroupDeps, group: string): Promise<void> {
  if (!(await deps.groups.registered(group))) throw groupNotFound(group)
  const snapshot = await deps.groups.snapshot(group)
  const now = deps.now()
  const active = snapshot.partitions.find((p) => isLeaseLive(p, snapshot.members, now))
  if (active) throw activeLease(group, active)
  for (const p of snapshot.partitions.filter((p) => !isCleared(p))) {
    // Each clear holds only while no lease is live: a lease taken since the check stops the delete there.
    if (!(await deps.groups.clearPartition(group, p, now))) {
      throw groupActive(`a lease on ${p.topic}/${p.partition} was taken during the delete`, {
        group,
        topic: p.topic,
        partition: p.partition,
      })
    }
  }
  await Promise.all(snapshot.members.map((m) => deps.groups.removeMember(group, m.memberId)))
  await deps.groups.unregister(group)
}
