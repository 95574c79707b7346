import type { EngineDeps } from '../engine/deps.js'
import { invalidRequest, SluiceError } from '../errors.js'
import { isLeaseLive, type PartitionState } from '../storage/group-store.js'
import { fenced } from './errors.js'
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
 * Takes a free or expired lease (raising its epoch) or renews the member's own (keeping it). Only a
 * live member may hold leases, and only on topics it subscribed to: what the group's members count
 * must be what holds the leases.
 */
export async function acquireLease(
  deps: EngineDeps,
  group: string,
  topicName: string,
  partition: number,
  memberId: string,
  leaseMs: number = GROUP_LIMITS.defaultLeaseMs,
): Promise<LeaseGrant> {
  const [topic, member] = await Promise.all([
    requirePartition(deps, topicName, partition),
    deps.groups.member(group, memberId),
  ])
  const now = deps.now()
  if (!member || member.expiresAt <= now) {
    throw new SluiceError(
      'NOT_FOUND',
      `'${memberId}' is not a live member of group '${group}': join first (PUT /v1/groups/${group}/members/${memberId})`,
      { group, memberId },
    )
  }
  if (!member.topics.includes(topicName)) {
    throw invalidRequest(`member '${memberId}' has not subscribed to topic '${topicName}'`, {
      group,
      memberId,
      topic: topicName,
    })
  }
  const outcome = await deps.groups.acquireLease(group, topicName, partition, memberId, now + leaseMs, now)
  if (!outcome.acquired) {
    throw new SluiceError('LEASE_HELD', `${topicName}/${partition} is leased to '${outcome.state.owner}'`, {
      owner: outcome.state.owner,
      expiresAt: outcome.state.leaseExpiresAt,
    })
  }
  return {
    memberId,
    epoch: outcome.state.epoch,
    expiresAt: outcome.state.leaseExpiresAt as number,
    committedOffset: committedOffset(outcome.state, topic),
  }
}

export async function releaseLease(
  deps: EngineDeps,
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
 */
export async function heartbeat(
  deps: EngineDeps,
  group: string,
  memberId: string,
  request: { topics: string[]; sessionMs?: number; leaseMs?: number; leases: HeldLease[] },
): Promise<HeartbeatResult> {
  const leaseMs = request.leaseMs ?? GROUP_LIMITS.defaultLeaseMs
  const now = deps.now()
  const [member, renewals, metas] = await Promise.all([
    heartbeatMember(deps, group, memberId, request.topics, request.sessionMs),
    Promise.all(
      request.leases.map((l) =>
        deps.groups.renewLease(group, l.topic, l.partition, memberId, l.epoch, now + leaseMs),
      ),
    ),
    Promise.all(request.topics.map((t) => deps.catalog.get(t))),
  ])
  const snapshot = await deps.groups.snapshot(group)
  const renewed: HeartbeatResult['renewed'] = []
  const lost: HeldLease[] = []
  request.leases.forEach((l, i) => {
    const state = renewals[i]
    if (state) renewed.push({ ...l, expiresAt: state.leaseExpiresAt as number })
    else lost.push(l)
  })
  const after = deps.now()
  return {
    members: liveMembers(snapshot.members, after),
    renewed,
    lost,
    leases: snapshot.partitions
      .filter((p) => member.topics.includes(p.topic) && isLeaseLive(p, after))
      .map(toLeaseView)
      .sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition),
    topics: metas.flatMap((m) => (m ? [{ topic: m.name, partitions: m.partitions }] : [])),
  }
}

const toLeaseView = (p: PartitionState): LeaseView => ({
  topic: p.topic,
  partition: p.partition,
  owner: p.owner as string,
  epoch: p.epoch,
  expiresAt: p.leaseExpiresAt as number,
})
