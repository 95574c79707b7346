import type { Command } from '../command.js'
import { segment } from './segment.js'

/** A live member of a group, as the service lists it. */
export interface GroupMember {
  memberId: string
  topics: string[]
  expiresAt: number
}

/** A partition's live lease, as the service lists it. */
export interface LeaseView {
  topic: string
  partition: number
  owner: string
  epoch: number
  expiresAt: number
}

/** A lease the member believes it holds, named by the epoch it was granted. */
export interface HeldLease {
  topic: string
  partition: number
  epoch: number
}

export interface HeartbeatInput {
  group: string
  memberId: string
  topics: string[]
  /**
   * How long the member stays listed without a heartbeat, in ms (1,000..300,000).
   *
   * @default 10_000 (the service's)
   */
  sessionMs?: number
  /**
   * Renews each held lease for this long, in ms (1,000..300,000).
   *
   * @default 10_000 (the service's)
   */
  leaseMs?: number
  leases: HeldLease[]
}

export interface HeartbeatResult {
  members: GroupMember[]
  renewed: Array<HeldLease & { expiresAt: number }>
  /** Leases asked for that the member no longer holds (taken over, released or reset). */
  lost: HeldLease[]
  /** Every live lease on the member's topics. */
  leases: LeaseView[]
  /** Partition counts of the member's topics that exist. */
  topics: Array<{ topic: string; partitions: number }>
}

const groupPath = (group: string) => `/v1/groups/${segment(group)}`
const leasePath = (group: string, topic: string, partition: number) =>
  `${groupPath(group)}/topics/${segment(topic)}/partitions/${segment(partition)}/lease`

/** Joins or heartbeats (`PUT .../members/{memberId}`); answers the live members. */
export function joinGroup(input: {
  group: string
  memberId: string
  topics: string[]
  /**
   * How long the member stays listed without a heartbeat, in ms (1,000..300,000).
   *
   * @default 10_000 (the service's)
   */
  sessionMs?: number
}): Command<GroupMember[]> {
  const { group, memberId, ...body } = input
  return {
    request: {
      method: 'PUT',
      path: `${groupPath(group)}/members/${segment(memberId)}`,
      body: JSON.stringify(body),
    },
    context: {},
    parse: (response) => (response.body as { members: GroupMember[] }).members,
  }
}

/** Leaves the group, releasing every lease the member holds. */
export function leaveGroup(group: string, memberId: string): Command<void> {
  return {
    request: { method: 'DELETE', path: `${groupPath(group)}/members/${segment(memberId)}` },
    context: {},
    parse: () => undefined,
  }
}

/**
 * One request per renewal: heartbeat, renew every held lease, and read back members and leases
 * (`POST .../members/{memberId}/heartbeat`, docs/api.md).
 */
export function heartbeat(input: HeartbeatInput): Command<HeartbeatResult> {
  const { group, memberId, ...body } = input
  return {
    request: {
      method: 'POST',
      path: `${groupPath(group)}/members/${segment(memberId)}/heartbeat`,
      body: JSON.stringify(body),
    },
    context: {},
    parse: (response) => response.body as HeartbeatResult,
  }
}

export interface LeaseGrant {
  memberId: string
  epoch: number
  expiresAt: number
  /** The group's committed offset on the partition; `null` when it has none. */
  committedOffset: number | null
}

/**
 * Takes a free or expired lease, or renews the member's own; `LeaseHeldError` when another holds it.
 * `incarnation` names the member's process: another process of the same member takes the lease with
 * a new epoch, fencing the earlier one.
 */
export function acquireLease(input: {
  group: string
  topic: string
  partition: number
  memberId: string
  /**
   * How long the lease lasts without renewal, in ms (1,000..300,000).
   *
   * @default 10_000 (the service's)
   */
  leaseMs?: number
  /**
   * The member's process ([A-Za-z0-9._-]): another incarnation of the member takes the lease with a new epoch.
   *
   * @default none: any process of the member renews the lease
   */
  incarnation?: string
}): Command<LeaseGrant> {
  const { group, topic, partition, ...body } = input
  return {
    request: { method: 'PUT', path: leasePath(group, topic, partition), body: JSON.stringify(body) },
    context: { topic, partition },
    parse: (response) => response.body as LeaseGrant,
  }
}

export function releaseLease(input: {
  group: string
  topic: string
  partition: number
  memberId: string
  epoch: number
}): Command<void> {
  const { group, topic, partition, memberId, epoch } = input
  return {
    request: { method: 'DELETE', path: leasePath(group, topic, partition), query: { memberId, epoch } },
    context: { topic, partition },
    parse: () => undefined,
  }
}

export interface OffsetCommit {
  partition: number
  /** The next offset to consume. */
  offset: number
  /**
   * The lease epoch the commit is fenced by; without it, the commit holds only while no lease is live.
   *
   * @default none
   */
  epoch?: number
}

export interface CommittedOffset {
  topic: string
  partition: number
  offset: number
}

/** Commits offsets of one topic; `FencedError` when a fence fails (nothing is then committed). */
export function commitGroupOffsets(input: {
  group: string
  topic: string
  /**
   * The member holding the leases the offsets' epochs name.
   *
   * @default none (commits without epochs)
   */
  memberId?: string
  offsets: OffsetCommit[]
}): Command<CommittedOffset[]> {
  const { group, ...body } = input
  return {
    request: { method: 'POST', path: `${groupPath(group)}/offsets`, body: JSON.stringify(body) },
    context: {
      topic: input.topic,
      ...(input.offsets.length === 1 ? { partition: input.offsets[0]?.partition as number } : {}),
    },
    parse: (response) => (response.body as { offsets: CommittedOffset[] }).offsets,
  }
}

/** A group's committed offsets, of one topic or of all. */
export function readGroupOffsets(group: string, topic?: string): Command<CommittedOffset[]> {
  return {
    request: { method: 'GET', path: `${groupPath(group)}/offsets`, query: { topic } },
    context: topic === undefined ? {} : { topic },
    parse: (response) => (response.body as { offsets: CommittedOffset[] }).offsets,
  }
}

/** Where `resetGroupOffsets` moves a topic's offsets. */
export type OffsetResetTarget =
  | { to: 'earliest' | 'latest' }
  | { timestamp: number }
  | { offsets: Array<{ partition: number; offset: number }> }

/** Moves a group's offsets on a topic; `GroupActiveError` while any lease on the topic is live. */
export function resetGroupOffsets(
  group: string,
  topic: string,
  target: OffsetResetTarget,
): Command<CommittedOffset[]> {
  return {
    request: {
      method: 'PUT',
      path: `${groupPath(group)}/topics/${segment(topic)}/offsets`,
      body: JSON.stringify(target),
    },
    context: { topic },
    parse: (response) => (response.body as { offsets: CommittedOffset[] }).offsets,
  }
}

export interface GroupSummary {
  group: string
  topics: string[]
}

export function listGroups(): Command<GroupSummary[]> {
  return {
    request: { method: 'GET', path: '/v1/groups' },
    context: {},
    parse: (response) => (response.body as { groups: GroupSummary[] }).groups,
  }
}

export interface GroupPartitionView {
  partition: number
  committedOffset: number | null
  endOffset: number
  /** `endOffset - committedOffset`; `null` while the group has committed nothing here. */
  lag: number | null
  owner: string | null
  epoch: number
  leaseExpiresAt: number | null
}

export interface GroupDescription {
  group: string
  members: GroupMember[]
  topics: Array<{ topic: string; partitions: GroupPartitionView[] }>
}

export function describeGroup(group: string): Command<GroupDescription> {
  return {
    request: { method: 'GET', path: groupPath(group) },
    context: {},
    parse: (response) => response.body as GroupDescription,
  }
}

/** Deletes a group's offsets, leases and members; `GroupActiveError` while any lease is live. */
export function deleteGroup(group: string): Command<void> {
  return {
    request: { method: 'DELETE', path: groupPath(group) },
    context: {},
    parse: () => undefined,
  }
}
