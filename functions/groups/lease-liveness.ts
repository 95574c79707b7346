import type { MemberState, PartitionState } from './group-state.js'

/**
 * THE liveness rule, which every decision uses (the group store's conditional writes state the same
 * rule to DynamoDB): a lease lives until the later of its own expiry and its owner's `leasesUntil`.
 * Only the owner named on the lease counts, so a member that lost a lease is not revived by its own
 * heartbeat. Undefined when nobody owns the lease.
 */
export function leaseExpiry(p: PartitionState, members: readonly MemberState[]): number | undefined {
  if (p.owner === undefined) return undefined
  const owner = members.find((m) => m.memberId === p.owner)
  return Math.max(p.leaseExpiresAt ?? 0, owner?.leasesUntil ?? 0)
}

export const isLeaseLive = (p: PartitionState, members: readonly MemberState[], now: number): boolean =>
  (leaseExpiry(p, members) ?? 0) > now
