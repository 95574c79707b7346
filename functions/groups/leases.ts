import { knownTopic } from '../engine/topic-cache.js'
import { SluiceError } from '../errors.js'
import type { GroupDeps } from './deps.js'
import { fenced } from './errors.js'
import type { MemberState, PartitionState } from './group-state.js'
import { isLeaseLive, leaseExpiry } from './lease-liveness.js'
import { takeOrRenewLease } from './lease-takeover.js'
import { GROUP_LIMITS } from './limits.js'
import { heartbeatMember, liveMembers, type MemberView } from './members.js'
import { committedOffset, requirePartition } from './partitions.js'

export interface LeaseGrant {
  memberId: string
  epoch: number
  expiresAt: number
  committedOffset: number | null
}

/**
 * Takes a free or expired lease (raising its epoch) or renews the member's own (keeping it). A member
 * that has not joined (or whose session ended) is joined by taking a lease, subscribed to its topic,
 * with the default session; a live member is subscribed to the topic too if it was not: what the
 * group's members count must be what holds the leases, and the call needs nothing before it.
 * `incarnation` names the member's process: another process of the same member takes the lease with
 * a new epoch, which fences the one before it (a paused process of a restarted member).
 */
export async function acquireLease(
  deps: GroupDeps,
  group: string,
  topicName: string,
  partition: number,
  memberId: string,
  options: { leaseMs?: number; incarnation?: string } = {},
): Promise<LeaseGrant> {
  const [topic, found] = await Promise.all([
    requirePartition(deps, topicName, partition),
    deps.groups.member(group, memberId),
  ])
  const now = deps.now()
  const member = await subscribedMember(deps, group, memberId, found, topicName, now)
  const binding = {
    topicId: topic.topicId,
    ...(options.incarnation === undefined ? {} : { incarnation: options.incarnation }),
  }
  const expiresAt = now + (options.leaseMs ?? GROUP_LIMITS.defaultLeaseMs)
  const outcome = await takeOrRenewLease(
    deps.groups,
    group,
    topicName,
    partition,
    member,
    binding,
    expiresAt,
    now,
  )
  if (!outcome.acquired) {
    throw new SluiceError('LEASE_HELD', `${topicName}/${partition} is leased to '${outcome.state.owner}'`, {
      owner: outcome.state.owner,
      expiresAt: outcome.expiresAt,
    })
  }
  return {
    memberId,
    epoch: outcome.state.epoch,
    // The later of this lease's own expiry and the member's `leasesUntil`: when it really ends.
    expiresAt: outcome.expiresAt as number,
    committedOffset: committedOffset(outcome.state, topic),
  }
}

/** The member as it takes a lease on `topic`: joined if it was not live, subscribed to the topic. */
async function subscribedMember(
  deps: GroupDeps,
  group: string,
  memberId: string,
  found: MemberState | undefined,
  topic: string,
  now: number,
): Promise<MemberState> {
  if (!found || found.expiresAt <= now) return heartbeatMember(deps, group, memberId, [topic])
  if (found.topics.includes(topic)) return found
  await deps.groups.subscribeMember(group, memberId, topic)
  await deps.groups.register(group, [topic])
  return { ...found, topics: [...found.topics, topic].sort() }
}

export async function releaseLease(
  deps: GroupDeps,
  group: string,
  topic: string,
  partition: number,
  memberId: string,
  epoch: number,
): Promise<void> {
  if (!(await deps.groups.releaseLease(group, topic, partition, memberId, epoch))) {
    throw fenced(`'${memberId}' does not hold ${topic}/${partition} at epoch ${epoch}`, {
      group,
      topic,
      partition,
    })
  }
}

export interface HeldLease {
  topic: string
  partition: number
  epoch: number
}

export interface LeaseView {
  topic: string
  partition: number
  owner: string
  epoch: number
  expiresAt: number
}

export interface HeartbeatResult {
  members: MemberView[]
  /** The leases renewed, with their new expiry. */
  renewed: (HeldLease & { expiresAt: number })[]
  /** The leases the member asked to renew but no longer holds (taken over, released or reset). */
  lost: HeldLease[]
  /** Every live lease on the member's topics: what a member needs to balance the group. */
  leases: LeaseView[]
  /** Partition counts of the member's topics that exist. */
  topics: { topic: string; partitions: number }[]
}

/**
 * One request per renewal interval for a member: heartbeat, renew every lease it holds, and read
 * back the group (members and who holds what), instead of one request per lease plus a describe.
 * The renewal is ONE write: the member item's `leasesUntil`, which keeps every lease it owns live
 * (the rule of `leaseExpiry`). A lease it owns but did not list, it does not know it holds (a lost
 * answer to a take): once its own expiry has passed, that lease is released instead, as an unlisted
 * lease would have expired before, so no partition stays bound to a member that does not consume it.
 * The view of leases and topics covers only the topics `visible` lets through (the caller's grants).
 */
export async function heartbeat(
  deps: GroupDeps,
  group: string,
  memberId: string,
  request: { topics: string[]; sessionMs?: number; leaseMs?: number; leases: HeldLease[] },
  visible: (topic: string) => boolean,
): Promise<HeartbeatResult> {
  const leaseMs = request.leaseMs ?? GROUP_LIMITS.defaultLeaseMs
  const now = deps.now()
  const [member, metas] = await Promise.all([
    heartbeatMember(deps, group, memberId, request.topics, request.sessionMs, now + leaseMs),
    Promise.all(request.topics.filter(visible).map((t) => knownTopic(deps, t))),
  ])
  const snapshot = await deps.groups.snapshot(group)
  const listed = new Set(request.leases.map(leaseKey))
  const unknown = snapshot.partitions.filter(
    (p) => p.owner === memberId && !listed.has(leaseKey(p)) && (p.leaseExpiresAt ?? 0) <= now,
  )
  await Promise.all(
    unknown.map((p) => deps.groups.releaseLease(group, p.topic, p.partition, memberId, p.epoch)),
  )
  const partitions = snapshot.partitions.filter((p) => !unknown.includes(p))
  const after = deps.now()
  const live = (p: PartitionState) => isLeaseLive(p, snapshot.members, after)
  const renewed: HeartbeatResult['renewed'] = []
  const lost: HeldLease[] = []
  for (const l of request.leases) {
    const state = partitions.find((p) => p.topic === l.topic && p.partition === l.partition)
    if (state?.owner === memberId && state.epoch === l.epoch && live(state)) {
      renewed.push({ ...l, expiresAt: leaseExpiry(state, snapshot.members) as number })
    } else lost.push(l)
  }
  return {
    members: liveMembers(snapshot.members, after),
    renewed,
    lost,
    leases: partitions
      .filter((p) => member.topics.includes(p.topic) && visible(p.topic) && live(p))
      .map((p) => toLeaseView(p, snapshot.members))
      .sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition),
    topics: metas.flatMap((m) => (m ? [{ topic: m.name, partitions: m.partitions }] : [])),
  }
}

const leaseKey = (l: HeldLease) => `${l.topic}#${l.partition}#${l.epoch}`

const toLeaseView = (p: PartitionState, members: readonly MemberState[]): LeaseView => ({
  topic: p.topic,
  partition: p.partition,
  owner: p.owner as string,
  epoch: p.epoch,
  expiresAt: leaseExpiry(p, members) as number,
})
