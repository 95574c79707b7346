import type { GroupDeps } from './deps.js'
import type { MemberState } from './group-state.js'
import { GROUP_LIMITS } from './limits.js'

export interface MemberView {
  memberId: string
  topics: string[]
  expiresAt: number
}

const byId = (a: { memberId: string }, b: { memberId: string }) => a.memberId.localeCompare(b.memberId)

export const liveMembers = (members: readonly MemberState[], now: number): MemberView[] =>
  members
    .filter((m) => m.expiresAt > now)
    .map((m) => ({ memberId: m.memberId, topics: m.topics, expiresAt: m.expiresAt }))
    .sort(byId)

/**
 * Joins or heartbeats: the member is live until now + sessionMs, and with `leasesUntil` (the batch
 * heartbeat) so is every lease it owns. The registry (for listing) is only written when the member is
 * new or names a topic it did not before, so a heartbeat costs one write.
 */
export async function heartbeatMember(
  deps: GroupDeps,
  group: string,
  memberId: string,
  topics: readonly string[],
  sessionMs: number = GROUP_LIMITS.defaultSessionMs,
  leasesUntil?: number,
): Promise<MemberState> {
  const member: MemberState = {
    memberId,
    topics: [...new Set(topics)].sort(),
    expiresAt: deps.now() + sessionMs,
    ...(leasesUntil === undefined ? {} : { leasesUntil }),
  }
  const previous = await deps.groups.putMember(group, member)
  if (!previous || member.topics.some((t) => !previous.topics.includes(t))) {
    await deps.groups.register(group, member.topics)
  }
  return member
}

export async function joinGroup(
  deps: GroupDeps,
  group: string,
  memberId: string,
  topics: readonly string[],
  sessionMs?: number,
): Promise<{ members: MemberView[] }> {
  await heartbeatMember(deps, group, memberId, topics, sessionMs)
  const { members } = await deps.groups.snapshot(group, 'members')
  return { members: liveMembers(members, deps.now()) }
}

/**
 * Leaves the group and gives up every lease the member owns (live or not: none may outlive it), so
 * others take them at once.
 */
export async function leaveGroup(deps: GroupDeps, group: string, memberId: string): Promise<void> {
  const { partitions } = await deps.groups.snapshot(group)
  await Promise.all(
    partitions
      .filter((p) => p.owner === memberId)
      .map((p) => deps.groups.releaseLease(group, p.topic, p.partition, memberId, p.epoch)),
  )
  await deps.groups.removeMember(group, memberId)
}
