/**
 * How a member decides which leases to take and which to hand over: pure functions of the group as
 * one heartbeat shows it, after the Kinesis Client Library's lease taker. Every member runs the same
 * rules on the same view, so they agree without a coordinator.
 *
 * - Each of M members aims at ceil(P / M) of the P partitions: the first P mod M members (by id) at
 *   the ceiling, the others one fewer, so the targets add up to P and no two members want the same
 *   partition for long.
 * - Free partitions (no live lease: never taken, released, or expired) are taken first, up to the
 *   target, handed out in the same order by every member, so members that see the same group take
 *   disjoint partitions instead of racing for the same lease.
 * - When no partition is free and some member is below its target, the most loaded member above its
 *   target hands one lease over (releases it after committing), and the member below takes it: a
 *   steal, one at a time, without ever taking a live lease from under its owner.
 * - A member counts while its session is live. A crashed member's session ends when its leases do
 *   (the consumer's `sessionMs` defaults to its `leaseMs`), so the others take its partitions then;
 *   a longer session delays the takeover until it runs out.
 */

import type { PartitionRef } from '../types.js'

export interface GroupView {
  /** The member deciding. */
  self: string
  /** Live members sharing these partitions, `self` included. */
  members: readonly string[]
  /** Every partition of the topics the member consumes. */
  partitions: readonly PartitionRef[]
  /** The owner of each partition with a live lease, by `partitionKey`. */
  owners: ReadonlyMap<string, string>
}

export interface LeasePlan {
  /** Free partitions to take, in order of preference. */
  take: PartitionRef[]
  /** Leases to hand over (at most one per round). */
  release: PartitionRef[]
}

export const partitionKey = (p: PartitionRef): string => `${p.topic}/${p.partition}`

const byKey = (a: PartitionRef, b: PartitionRef) =>
  a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition

/** Every member's target: ceil(P / M) for the first P mod M members by id, floor(P / M) for the rest. */
export function targets(members: readonly string[], partitionCount: number): Map<string, number> {
  const sorted = [...new Set(members)].sort()
  const base = Math.floor(partitionCount / sorted.length)
  const extra = partitionCount % sorted.length
  return new Map(sorted.map((member, rank) => [member, base + (rank < extra ? 1 : 0)]))
}

/** The leases `view.self` should take and hand over this round. */
export function planLeases(view: GroupView): LeasePlan {
  const members = [...new Set([...view.members, view.self])].sort()
  const partitions = [...view.partitions].sort(byKey)
  const target = targets(members, partitions.length)
  const counts = new Map(members.map((member) => [member, 0]))
  const free: PartitionRef[] = []
  const mine: PartitionRef[] = []
  for (const p of partitions) {
    const owner = view.owners.get(partitionKey(p))
    if (owner === undefined) free.push(p)
    else if (counts.has(owner)) counts.set(owner, (counts.get(owner) as number) + 1)
    if (owner === view.self) mine.push(p)
  }
  const count = (member: string) => counts.get(member) as number
  const below = (member: string) => Math.max(0, (target.get(member) as number) - count(member))

  if (free.length > 0) {
    return { take: allocate(free, members, counts, target).get(view.self) ?? [], release: [] }
  }

  const someoneBelow = members.some((member) => below(member) > 0)
  const mostLoadedAbove = members
    .filter((member) => count(member) > (target.get(member) as number))
    .sort((a, b) => count(b) - count(a) || (a < b ? -1 : 1))[0]
  if (someoneBelow && mostLoadedAbove === view.self) {
    return { take: [], release: mine.slice(-1) }
  }
  return { take: [], release: [] }
}

/**
 * Hands the free partitions out the same way in every member: members below their target, by id,
 * each get what they lack, in partition order. The targets always cover every free partition (they
 * add up to P), so members that see the same group pick disjoint partitions and do not race.
 */
function allocate(
  free: PartitionRef[],
  members: string[],
  counts: Map<string, number>,
  target: Map<string, number>,
): Map<string, PartitionRef[]> {
  const given = new Map<string, PartitionRef[]>(members.map((member) => [member, []]))
  let next = 0
  for (const member of members) {
    const lacking = Math.max(0, (target.get(member) as number) - (counts.get(member) as number))
    for (let i = 0; i < lacking && next < free.length; i++)
      given.get(member)?.push(free[next++] as PartitionRef)
  }
  return given
}
