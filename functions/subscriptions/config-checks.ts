import { requireTopic } from '../engine/topics.js'
import { invalidRequest } from '../errors.js'
import type { SubscriptionDeps } from './deps.js'
import type { RetryPolicy, Subscription } from './types.js'

/** A retry policy whose backoff bounds are in order (each field alone is checked by the schema). */
export function checkedRetry(retry: RetryPolicy): RetryPolicy {
  if (retry.minBackoffMs > retry.maxBackoffMs) {
    throw invalidRequest(
      `body.retry.minBackoffMs must be at most maxBackoffMs (${retry.maxBackoffMs}); got ${retry.minBackoffMs}`,
    )
  }
  return retry
}

/** A dead-letter topic must exist (404 TOPIC_NOT_FOUND) and not be the topic delivered, which would loop. */
export async function checkDeadLetterTopic(deps: SubscriptionDeps, topic: string, deadLetterTopic: string) {
  if (deadLetterTopic === topic) {
    throw invalidRequest(
      `body.deadLetterTopic must differ from the topic delivered; got "${deadLetterTopic}"`,
    )
  }
  await requireTopic(deps, deadLetterTopic)
}

/** Runs a delivery of each partition of the subscription, now or at `atMs`. */
export async function wakePartitions(
  deps: SubscriptionDeps,
  sub: Subscription,
  partitions: number,
  atMs?: number,
): Promise<void> {
  await Promise.all(
    Array.from({ length: partitions }, (_, partition) =>
      deps.waker.wake({ subscription: sub.name, partition }, atMs),
    ),
  )
}
