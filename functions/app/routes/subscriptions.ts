import { type Context, Hono } from 'hono'
import type { Action } from '../../auth/grants.js'
import { type AuthEnv, authorize, may } from '../../auth/middleware.js'
import type { Actor } from '../../subscriptions/actor.js'
import { alterSubscription } from '../../subscriptions/alter.js'
import { createSubscription } from '../../subscriptions/create.js'
import { deleteSubscription } from '../../subscriptions/delete.js'
import type { SubscriptionDeps } from '../../subscriptions/deps.js'
import { describeSubscription, listSubscriptions } from '../../subscriptions/describe.js'
import { subscriptionNotFound } from '../../subscriptions/errors.js'
import { alterSubscriptionBody, createSubscriptionBody } from '../../subscriptions/schemas.js'
import type { Subscription } from '../../subscriptions/types.js'
import { name } from '../schemas.js'
import { parse, readJsonBody } from '../validate.js'

/** Reading a subscription shows its topic's delivery progress: consume on the topic, as a fetch (or admin). */
const READ: Action[] = ['consume', 'admin']

/**
 * Creating, changing or deleting one: admin on its topic and on its group (docs/api.md). A dead-letter
 * topic is appended to on the key's behalf, so setting one also takes produce on it.
 */
function authorizeChange(
  c: Context<AuthEnv>,
  sub: { topic: string; group: string },
  deadLetterTopic?: string,
) {
  authorize(c, 'topic', sub.topic, 'admin')
  authorize(c, 'group', sub.group, 'admin')
  if (deadLetterTopic) authorize(c, 'topic', deadLetterTopic, 'produce')
}

/** The caller, whose grants bound what an exactly-once target may append (none where auth is off). */
const actor = (c: Context<AuthEnv>): Actor => {
  const principal = c.get('principal')
  return principal ? { grants: principal.grants } : {}
}

/** The subscription named in the path; 404 before any grant is checked, since its topic decides which. */
async function named(deps: SubscriptionDeps, c: Context<AuthEnv>): Promise<Subscription> {
  const subscription = parse(name, c.req.param('name'), 'name')
  const sub = await deps.subscriptions.get(subscription)
  if (!sub) throw subscriptionNotFound(subscription)
  return sub
}

/** The Subscriptions section of docs/api.md: the engine's functions behind the key's grants. */
export function subscriptionRoutes(deps: SubscriptionDeps) {
  return new Hono<AuthEnv>()
    .post('/', async (c) => {
      const { json } = await readJsonBody(c)
      const body = parse(createSubscriptionBody, json, 'body')
      authorizeChange(c, { topic: body.topic, group: body.group ?? body.name }, body.deadLetterTopic)
      return c.json(await createSubscription(deps, json, actor(c)), 201)
    })
    .get('/', async (c) => {
      const { subscriptions } = await listSubscriptions(deps)
      return c.json({ subscriptions: subscriptions.filter((s) => may(c, 'topic', s.topic, ...READ)) })
    })
    .get('/:name', async (c) => {
      const sub = await named(deps, c)
      authorize(c, 'topic', sub.topic, ...READ)
      return c.json(await describeSubscription(deps, sub.name))
    })
    .patch('/:name', async (c) => {
      const sub = await named(deps, c)
      authorizeChange(c, sub)
      const { json } = await readJsonBody(c)
      const body = parse(alterSubscriptionBody, json, 'body')
      if (body.deadLetterTopic) authorize(c, 'topic', body.deadLetterTopic, 'produce')
      return c.json(await alterSubscription(deps, sub.name, json, actor(c)))
    })
    .delete('/:name', async (c) => {
      const sub = await named(deps, c)
      authorizeChange(c, sub)
      await deleteSubscription(deps, sub.name)
      return c.body(null, 204)
    })
}
