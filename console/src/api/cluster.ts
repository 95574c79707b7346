import {
  describeGroup,
  describeTopic,
  type GroupDescription,
  listGroups,
  listTopics,
  type SubscriptionDescription,
  type TopicWithOffsets,
} from '@sluice/sdk'
import { mapLimit } from '../lib/map-limit.js'
import { client } from './connection.js'
import { isNoRoute } from './errors.js'

/** Requests a page sends at once while polling. */
const PARALLEL = 6

/** Every topic the key sees, with its partitions' offsets. */
export async function loadTopics(signal: AbortSignal): Promise<TopicWithOffsets[]> {
  const sluice = client()
  const topics = await sluice.execute(listTopics(), { signal })
  return mapLimit(topics, PARALLEL, (topic) => sluice.execute(describeTopic(topic.name), { signal }))
}

/** Every group the key sees, described: members, and per partition committed offset, end, lag, lease. */
export async function loadGroups(signal: AbortSignal): Promise<GroupDescription[]> {
  const sluice = client()
  const groups = await sluice.execute(listGroups(), { signal })
  return mapLimit(groups, PARALLEL, (group) => sluice.execute(describeGroup(group.group), { signal }))
}

/**
 * Every subscription, described; `null` from a service that does not serve subscriptions (it answers
 * their routes 404 NOT_FOUND). Not `undefined`: to a page's loader that means "not answered yet".
 */
export async function loadSubscriptions(signal: AbortSignal): Promise<SubscriptionDescription[] | null> {
  const admin = client().admin()
  try {
    const subscriptions = await admin.listSubscriptions()
    if (signal.aborted) return []
    return await mapLimit(subscriptions, PARALLEL, (s) => admin.describeSubscription(s.name))
  } catch (error) {
    if (isNoRoute(error)) return null
    throw error
  }
}

/** A group's total lag over the partitions it has committed on. */
export const groupLag = (group: GroupDescription): number =>
  group.topics.reduce((sum, t) => sum + t.partitions.reduce((s, p) => s + (p.lag ?? 0), 0), 0)

/** A group is active while a lease on it is live (docs/api.md): resets and deletes are refused then. */
export const isActive = (group: GroupDescription): boolean =>
  group.topics.some((t) => t.partitions.some((p) => p.owner !== null))

/** A subscription's total lag over its partitions. */
export const subscriptionLag = (subscription: SubscriptionDescription): number =>
  subscription.partitions.reduce((sum, p) => sum + (p.lag ?? 0), 0)
