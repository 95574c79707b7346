import { randomUUID } from 'node:crypto'
import type { PartitionState } from '../groups/group-state.js'
import { isLeaseLive, leaseExpiry } from '../groups/lease-liveness.js'
import type { SubscriptionDeps } from './deps.js'
import type { Subscription } from './types.js'

/** A deliverer's lease on its group's partition, for one run. */
export interface RunLease {
  state: PartitionState
  epoch: number
  expiresAt: number
}

/**
 * Takes the subscription's group partition for one run, as member `<subscription name>` under a fresh
 * incarnation (a new epoch, which fences every commit of an earlier run). Unlike a consumer's take,
 * it never takes over a live lease, not even its own member's: a live lease is another run at work
 * (or one that crashed, until the lease expires), and this one leaves it be. One conditional write
 * on the lease as read (`current`), so of two runs racing exactly one gets it. The subscription needs no member
 * item: the lease lives by its own expiry, which the run renews. The take marks the partition unsettled
 * (delivery progress may be kept) until a release says otherwise (`releasePartition`).
 */
export async function claimPartition(
  deps: SubscriptionDeps,
  sub: Subscription,
  partition: number,
  current: PartitionState | undefined,
): Promise<{ lease: RunLease } | { heldUntil: number | undefined }> {
  const now = deps.now()
  const holders = await ownerIfNeeded(deps, sub.group, current, now)
  if (current && isLeaseLive(current, holders, now)) return { heldUntil: leaseExpiry(current, holders) }
  const expiresAt = now + deps.deliveryTiming.leaseMs
  const binding = { topicId: sub.topicId, incarnation: randomUUID() }
  const taken = await deps.groups.takeLease(
    sub.group,
    sub.topic,
    partition,
    current,
    sub.name,
    binding,
    expiresAt,
    now,
    { delivery: true },
  )
  // Lost to another taker: it delivers.
  if (!taken) return { heldUntil: undefined }
  return { lease: { state: taken, epoch: taken.epoch, expiresAt } }
}

/** The lease's owner, when only its `leasesUntil` can tell whether the lease is live. */
async function ownerIfNeeded(
  deps: SubscriptionDeps,
  group: string,
  state: PartitionState | undefined,
  now: number,
) {
  if (state?.owner === undefined || (state.leaseExpiresAt ?? 0) > now) return []
  const owner = await deps.groups.member(group, state.owner)
  return owner ? [owner] : []
}

/**
 * Renews the lease when a delivery starting now could outlast it (a target may take its whole
 * timeout, and the commit comes after); false when it was lost meanwhile.
 */
export async function keepLease(
  deps: SubscriptionDeps,
  sub: Subscription,
  lease: RunLease,
): Promise<boolean> {
  const now = deps.now()
  if (lease.expiresAt - now > 2 * deps.deliveryTiming.targetTimeoutMs) return true
  const expiresAt = now + deps.deliveryTiming.leaseMs
  const renewed = await deps.groups.renewLease(sub.group, lease.state, expiresAt)
  if (!renewed) return false
  lease.state = renewed
  lease.expiresAt = expiresAt
  return true
}

/**
 * Gives the lease up, so the next wake need not wait for it; a lease lost meanwhile is nothing to give.
 * `settled`: the run leaves no delivery progress, so the next one need not read any.
 */
export async function releasePartition(
  deps: SubscriptionDeps,
  sub: Subscription,
  partition: number,
  lease: RunLease,
  settled: boolean,
): Promise<void> {
  await deps.groups.releaseLease(sub.group, sub.topic, partition, sub.name, lease.epoch, { settle: settled })
}
