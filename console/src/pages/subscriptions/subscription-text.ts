import type { SubscriptionDescription, SubscriptionTarget } from '@sluice/sdk'

/** Where a subscription delivers, in a line. */
export const targetText = (target: SubscriptionTarget): string =>
  target.type === 'webhook' ? `webhook ${target.url}` : `Lambda ${target.functionArn}`

/** `paused`, or the partitions' states counted: `2 idle, 1 retrying`. */
export function stateSummary(subscription: SubscriptionDescription): string {
  if (subscription.paused) return 'paused'
  const counts = new Map<string, number>()
  for (const p of subscription.partitions) counts.set(p.state, (counts.get(p.state) ?? 0) + 1)
  return [...counts].map(([state, n]) => `${n} ${state}`).join(', ') || 'no partitions'
}
