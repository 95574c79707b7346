import type { GroupDeps } from '../groups/deps.js'
import type { SubscriptionStore } from '../storage/subscription-store.js'
import type { DeliveryTarget } from './delivery-target.js'
import type { DeliveryTiming } from './limits.js'
import type { SecretKeySource } from './secret-box.js'
import type { UrlPolicy } from './targets/url-policy.js'
import type { DeliveryWaker } from './types.js'

/** What subscriptions work with: their store, consumer groups and the log, and how to reach targets. */
export interface SubscriptionDeps extends GroupDeps {
  subscriptions: SubscriptionStore
  /** The key webhook secrets are sealed with in the table. */
  secretKeys: SecretKeySource
  /** Where webhooks may go. */
  urlPolicy: UrlPolicy
  /** Runs a partition's delivery elsewhere: after a change of config, a backoff or a spent budget. */
  waker: DeliveryWaker
  /** Makes Lambda targets; absent where the service has no Lambda support (the local server). */
  lambdaTarget?: (functionArn: string) => DeliveryTarget
  /** Jitter of retry backoffs: Math.random, or a seeded source where a test needs it. */
  random: () => number
  deliveryTiming: DeliveryTiming
}
