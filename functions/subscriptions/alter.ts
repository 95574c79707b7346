import { parse } from '../app/validate.js'
import { invalidRequest } from '../errors.js'
import type { Actor } from './actor.js'
import { checkDeadLetterTopic, checkedRetry, wakePartitions } from './config-checks.js'
import type { SubscriptionDeps } from './deps.js'
import { subscriptionNotFound } from './errors.js'
import { type AlterSubscriptionBody, alterSubscriptionBody } from './schemas.js'
import { sealSecret } from './secret-box.js'
import { checkTarget } from './target-for.js'
import type { StoredTarget, Subscription, SubscriptionView } from './types.js'
import { toView } from './view.js'

/**
 * `PATCH /v1/subscriptions/{name}` (docs/api.md): pauses or resumes, or changes the target, batch, retry
 * or dead-letter topic (fields not given keep their value). Any `retry` given counts as a change: it
 * unblocks a blocked partition, even with the same values. Partitions are woken when delivery may go on
 * where it had stopped: resumed, a new retry policy, a new target.
 */
export async function alterSubscription(
  deps: SubscriptionDeps,
  name: string,
  body: unknown,
  actor: Actor = {},
): Promise<SubscriptionView> {
  const input = parse(alterSubscriptionBody, body, 'body')
  const current = await deps.subscriptions.get(name)
  if (!current) throw subscriptionNotFound(name)
  const deadLetterTopic =
    input.deadLetterTopic === undefined ? current.deadLetterTopic : (input.deadLetterTopic ?? undefined)
  if (input.deadLetterTopic) await checkDeadLetterTopic(deps, current.topic, input.deadLetterTopic)
  const { deadLetterTopic: _, actingGrants, ...rest } = current
  const grants = actor.grants ?? actingGrants
  const changed: Subscription = {
    ...rest,
    // The key changing it now answers for what its target appends.
    ...(grants ? { actingGrants: grants } : {}),
    ...(deadLetterTopic ? { deadLetterTopic } : {}),
    target: await changedTarget(deps, current, input.target),
    batch: { ...current.batch, ...input.batch },
    retry: checkedRetry({ ...current.retry, ...input.retry }),
    retryVersion: current.retryVersion + (input.retry ? 1 : 0),
    paused: input.paused ?? current.paused,
  }
  if (!(await deps.subscriptions.update(changed))) throw subscriptionNotFound(name)
  const resumed = current.paused && !changed.paused
  if (!changed.paused && (resumed || input.retry || input.target)) {
    const topic = await deps.catalog.get(changed.topic)
    if (topic?.topicId === changed.topicId) await wakePartitions(deps, changed, topic.partitions)
  }
  return toView(changed)
}

async function changedTarget(
  deps: SubscriptionDeps,
  current: Subscription,
  given: AlterSubscriptionBody['target'],
): Promise<StoredTarget> {
  if (!given) return current.target
  await checkTarget(deps, given, 'body.target')
  if (given.type === 'lambda') return given
  if (given.secret !== undefined) {
    return {
      type: 'webhook',
      url: given.url,
      sealedSecret: await sealSecret(deps.secretKeys, current.name, given.secret),
    }
  }
  if (current.target.type !== 'webhook') {
    throw invalidRequest('body.target.secret is required: the subscription had no webhook to keep it from')
  }
  return { type: 'webhook', url: given.url, sealedSecret: current.target.sealedSecret }
}
