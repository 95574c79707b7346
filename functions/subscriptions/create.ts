import { randomUUID } from 'node:crypto'
import { parse } from '../app/validate.js'
import { requireTopic } from '../engine/topics.js'
import { invalidRequest } from '../errors.js'
import { isLeaseLive } from '../groups/lease-liveness.js'
import { resetOffsets } from '../groups/offsets.js'
import type { Actor } from './actor.js'
import { checkDeadLetterTopic, checkedRetry, wakePartitions } from './config-checks.js'
import type { SubscriptionDeps } from './deps.js'
import { subscriptionExists } from './errors.js'
import { DEFAULT_BATCH, DEFAULT_RETRY } from './limits.js'
import { createSubscriptionBody } from './schemas.js'
import { sealSecret } from './secret-box.js'
import { checkTarget } from './target-for.js'
import type { StartAt, StoredTarget, Subscription, SubscriptionView } from './types.js'
import { toView } from './view.js'

/**
 * `POST /v1/subscriptions` (docs/api.md): checks the body, the topics, the target and the group, places
 * the group's committed offsets at `startAt` (so a record produced after the answer is delivered),
 * then stores the subscription and wakes its partitions.
 */
export async function createSubscription(
  deps: SubscriptionDeps,
  body: unknown,
  actor: Actor = {},
): Promise<SubscriptionView> {
  const input = parse(createSubscriptionBody, body, 'body')
  const group = input.group ?? input.name
  const retry = checkedRetry({ ...DEFAULT_RETRY, ...input.retry })
  const [topic] = await Promise.all([
    requireTopic(deps, input.topic),
    input.deadLetterTopic && checkDeadLetterTopic(deps, input.topic, input.deadLetterTopic),
    checkTarget(deps, input.target, 'body.target'),
  ])
  if (await deps.subscriptions.get(input.name)) throw subscriptionExists(input.name)
  await checkGroupFree(deps, group)
  const startAt: StartAt = input.startAt ?? 'latest'
  await resetOffsets(deps, group, topic.name, typeof startAt === 'object' ? startAt : { to: startAt })
  const target: StoredTarget =
    input.target.type === 'webhook'
      ? {
          type: 'webhook',
          url: input.target.url,
          sealedSecret: await sealSecret(deps.secretKeys, input.name, input.target.secret),
        }
      : input.target
  const sub: Subscription = {
    name: input.name,
    id: randomUUID(),
    topic: topic.name,
    topicId: topic.topicId,
    group,
    target,
    batch: { ...DEFAULT_BATCH, ...input.batch },
    retry,
    retryVersion: 0,
    ...(input.deadLetterTopic ? { deadLetterTopic: input.deadLetterTopic } : {}),
    startAt,
    delivery: input.delivery ?? 'at-least-once',
    paused: false,
    createdAt: deps.now(),
    ...(actor.grants ? { actingGrants: actor.grants } : {}),
  }
  if (!(await deps.subscriptions.create(sub))) throw subscriptionExists(input.name)
  // Records already there (earliest, a timestamp) are delivered now; and once dispatchers' lists of
  // subscriptions have caught up with this one, a look covers what was appended before they had.
  if (startAt !== 'latest') await wakePartitions(deps, sub, topic.partitions)
  await wakePartitions(deps, sub, topic.partitions, deps.now() + deps.deliveryTiming.dispatchCacheMs + 1000)
  return toView(sub)
}

/**
 * A subscription's group is its own: no other subscription's, and no live consumer's (their leases
 * would keep its deliverers out, and its commits would move theirs).
 */
async function checkGroupFree(deps: SubscriptionDeps, group: string): Promise<void> {
  const other = (await deps.subscriptions.list()).find((s) => s.group === group)
  if (other) {
    throw invalidRequest(`body.group '${group}' is the group of subscription '${other.name}' already`)
  }
  const { members, partitions } = await deps.groups.snapshot(group)
  const now = deps.now()
  const held = partitions.find((p) => isLeaseLive(p, members, now))
  if (held) {
    throw invalidRequest(
      `body.group '${group}' has live members holding leases ('${held.owner}' holds ${held.topic}/${held.partition}): a subscription needs a group no consumer is using`,
      { group, owner: held.owner, topic: held.topic, partition: held.partition },
    )
  }
}
