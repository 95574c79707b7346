import { partitionBounds } from '../engine/read.js'
import { isLeaseLive } from '../groups/lease-liveness.js'
import { committedOffset } from '../groups/partitions.js'
import type { SubscriptionDeps } from './deps.js'
import { subscriptionNotFound } from './errors.js'
import { currentProgress, isBlocked } from './retry-policy.js'
import type { PartitionDeliveryState, SubscriptionView } from './types.js'
import { toView } from './view.js'

export interface PartitionDeliveryView {
  partition: number
  committedOffset: number | null
  endOffset: number
  lag: number | null
  state: PartitionDeliveryState
  attempts: number
  lastError: string | null
  nextAttemptAt: number | null
}

/** `GET /v1/subscriptions`: every subscription, sorted by name. */
export async function listSubscriptions(
  deps: SubscriptionDeps,
): Promise<{ subscriptions: SubscriptionView[] }> {
  return { subscriptions: (await deps.subscriptions.list()).map(toView) }
}

/**
 * `GET /v1/subscriptions/{name}`: the subscription and, per partition, its group's committed offset,
 * the end offset, the lag and the delivery's state. A subscription whose topic was deleted shows no
 * partitions: nothing of it is delivered any more.
 */
export async function describeSubscription(
  deps: SubscriptionDeps,
  name: string,
): Promise<SubscriptionView & { partitions: PartitionDeliveryView[] }> {
  const sub = await deps.subscriptions.get(name)
  if (!sub) throw subscriptionNotFound(name)
  const [topic, snapshot, progress] = await Promise.all([
    deps.catalog.get(sub.topic),
    deps.groups.snapshot(sub.group),
    deps.subscriptions.allProgress(sub.id),
  ])
  if (topic?.topicId !== sub.topicId) return { ...toView(sub), partitions: [] }
  const now = deps.now()
  const partitions = await Promise.all(
    Array.from({ length: topic.partitions }, async (_, partition): Promise<PartitionDeliveryView> => {
      const group = snapshot.partitions.find((p) => p.topic === sub.topic && p.partition === partition)
      const committed = committedOffset(group, topic)
      const { endOffset } = await partitionBounds(deps, topic, partition)
      const stored = progress.find((p) => p.partition === partition)
      const applies = committed === null ? undefined : currentProgress(stored, committed)
      const delivering = group?.owner === sub.name && isLeaseLive(group, snapshot.members, now)
      const blocked = committed !== null && isBlocked(applies, sub, committed)
      const state: PartitionDeliveryState = sub.paused
        ? 'paused'
        : blocked
          ? 'blocked'
          : delivering
            ? 'delivering'
            : (applies?.attempts ?? 0) > 0
              ? 'retrying'
              : 'idle'
      return {
        partition,
        committedOffset: committed,
        endOffset,
        lag: committed === null ? null : Math.max(0, endOffset - committed),
        state,
        attempts: applies?.attempts ?? 0,
        lastError: applies?.lastError ?? null,
        nextAttemptAt: state === 'retrying' ? (applies?.nextAttemptAt ?? null) : null,
      }
    }),
  )
  return { ...toView(sub), partitions }
}
