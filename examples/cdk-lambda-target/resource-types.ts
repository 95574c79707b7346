/** What the stack's constructs (resources.ts) and the function behind them (resource-handler.ts) share. */

export const TOPIC_RESOURCE = 'Custom::SluiceTopic'
export const SUBSCRIPTION_RESOURCE = 'Custom::SluiceSubscription'

/** A topic, as the resource's `Topic` property holds it (JSON: CloudFormation passes numbers as strings). */
export interface TopicSpec {
  name: string
  /** @default 1 */
  partitions?: number
  /** @default the service's (7 days) */
  retentionMs?: number
}
