import type { SubscriptionDeps } from './deps.js'
import { subscriptionNotFound } from './errors.js'

/**
 * `DELETE /v1/subscriptions/{name}`: delivery stops (a run in flight ends after its batch, finding the
 * subscription gone); the group and its committed offsets stay, as docs/api.md says.
 */
export async function deleteSubscription(deps: SubscriptionDeps, name: string): Promise<void> {
  const deleted = await deps.subscriptions.delete(name)
  if (!deleted) throw subscriptionNotFound(name)
  await deps.subscriptions.deleteAllProgress(deleted.id)
}
