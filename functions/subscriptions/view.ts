import type { StoredTarget, Subscription, SubscriptionView, TargetView } from './types.js'

/** A target as the API shows it: never the webhook's secret, sealed or not. */
export const toTargetView = (target: StoredTarget): TargetView =>
  target.type === 'webhook' ? { type: 'webhook', url: target.url } : target

/** A subscription as the API answers it (docs/api.md). */
export const toView = (sub: Subscription): SubscriptionView => ({
  name: sub.name,
  topic: sub.topic,
  group: sub.group,
  target: toTargetView(sub.target),
  batch: sub.batch,
  retry: sub.retry,
  deadLetterTopic: sub.deadLetterTopic ?? null,
  startAt: sub.startAt,
  delivery: sub.delivery,
  paused: sub.paused,
  createdAt: sub.createdAt,
})
