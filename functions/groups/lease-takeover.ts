import type { GroupStore } from '../storage/group-store.js'
import type { LeaseBinding, MemberState, PartitionState } from './group-state.js'
import { isLeaseLive, leaseExpiry } from './lease-liveness.js'

export interface LeaseOutcome {
  acquired: boolean
  /** The lease as it now is: this member's when acquired, else the live holder's. */
  state: PartitionState
  /** When the lease stops being live, by the rule (its holder's `leasesUntil` included). */
  expiresAt: number | undefined
}

/** Attempts, each lost to a concurrent write, before the holder is reported instead: plenty. */
const MAX_TAKE_ATTEMPTS = 3

/**
 * Takes a lease that is not live (the store raises the epoch, so two takers never both see the same
 * one), or renews this member's own live lease keeping the epoch. Taking over an owned lease is guarded by
 * the lease and committed offset as read and by the old owner's `leasesUntil` having passed too, so of
 * any number of racers exactly one takes it, and no commit of the old owner lands after the offset it
 * answers. The member's own lease taken by another of its incarnations (a restarted process) or on an
 * earlier incarnation of the topic is taken again, live or not, with a new epoch: whoever held it
 * under the old one is fenced from then on. A lost race re-reads and decides again.
 */
export async function takeOrRenewLease(
  groups: GroupStore,
  group: string,
  topic: string,
  partition: number,
  member: MemberState,
  binding: LeaseBinding,
  expiresAt: number,
  now: number,
): Promise<LeaseOutcome> {
  const me = member.memberId
  for (let attempt = 0; ; attempt++) {
    const current = await groups.partition(group, topic, partition)
    const holders =
      current?.owner === undefined || current.owner === me ? [] : await holdersOf(groups, group, current, now)
    if (current?.owner !== me && current !== undefined && isLeaseLive(current, holders, now)) {
      return { acquired: false, state: current, expiresAt: leaseExpiry(current, holders) }
    }
    if (attempt === MAX_TAKE_ATTEMPTS) {
      return { acquired: false, state: current ?? { topic, partition, epoch: 0 }, expiresAt: undefined }
    }
    // Only a live lease is renewed: one that expired may have been given up by the member's client,
    // which then starts again from the committed offset while a commit of the old epoch may still be
    // on its way. A new epoch fences that commit.
    const ownLive = current?.owner === me && isLeaseLive(current, [member], now)
    const taken =
      ownLive && boundTo(current, binding)
        ? await groups.renewLease(group, current, expiresAt)
        : await groups.takeLease(group, topic, partition, current, me, binding, expiresAt, now)
    if (taken) return { acquired: true, state: taken, expiresAt: leaseExpiry(taken, [member]) }
  }
}

/** The owner's member item, when only it can tell whether the lease is live. */
async function holdersOf(
  groups: GroupStore,
  group: string,
  state: PartitionState,
  now: number,
): Promise<MemberState[]> {
  if ((state.leaseExpiresAt ?? 0) > now || state.owner === undefined) return []
  const owner = await groups.member(group, state.owner)
  return owner ? [owner] : []
}

/** Whether `binding` is what the lease was taken for: the same process of its owner, on the same topic. */
const boundTo = (state: PartitionState, binding: LeaseBinding) =>
  state.incarnation === binding.incarnation && state.leaseTopicId === binding.topicId
