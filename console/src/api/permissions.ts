import { signal } from '@preact/signals'
import type { Command } from '@sluice/sdk'
import { connection } from './connection.js'
import { isForbidden } from './errors.js'

/**
 * What the connected key may do, learnt before a person tries: the console shows a control the key may
 * not use disabled, with the API's reason, instead of letting a request fail.
 *
 * A service answers whether a key holds a grant before it reads a request's body (docs/api.md: 403 when
 * the key lacks the grant), and refuses a body it cannot take with 400, changing nothing ("a rejected
 * request changes nothing"). So each check sends the action's own request with a body the service must
 * refuse: 400 says the key may, 403 says it may not and why. Without a key (a service without auth) every
 * action is allowed and nothing is sent. A 403 met by a real action is remembered the same way.
 */

export type Permission = { allowed: true } | { allowed: false; reason: string }

const ALLOWED: Permission = { allowed: true }

/** A check per action and resource, for the current connection; a signal so that pages re-render. */
const known = signal<ReadonlyMap<string, Permission>>(new Map())
const pending = new Set<string>()
let checkedFor: unknown

const segment = (name: string) => encodeURIComponent(name)

/** The requests that check each action: the action's own route with a body it refuses. */
const CHECKS = {
  /** Create, grow, change retention, delete: admin on the topic. */
  adminTopic: (topic: string) => refused('PATCH', `/v1/topics/${segment(topic)}`, { partitions: 0 }),
  produce: (topic: string) => refused('POST', `/v1/topics/${segment(topic)}/records`, { records: [] }),
  /**
   * Reset and delete: admin on the group. The topic in the path is a name no topic can have (a space),
   * refused only after the group's grant is checked.
   */
  adminGroup: (group: string) => refused('PUT', `/v1/groups/${segment(group)}/topics/%20/offsets`, {}),
  /** Pause, resume, change: admin on the subscription's topic and group. */
  changeSubscription: (name: string) =>
    refused('PATCH', `/v1/subscriptions/${segment(name)}`, { paused: 'not a boolean' }),
  /** Keys are managed with admin on the cluster; listing them takes the same. */
  manageKeys: () => ({
    request: { method: 'GET', path: '/v1/keys' },
    context: {},
    parse: () => undefined,
  }),
} satisfies Record<string, (name: string) => Command<void>>

export type Action = keyof typeof CHECKS

function refused(method: 'PATCH' | 'POST' | 'PUT', path: string, body: unknown): Command<void> {
  return { request: { method, path, body: JSON.stringify(body) }, context: {}, parse: () => undefined }
}

const keyOf = (action: Action, name: string) => `${action}:${name}`

/**
 * Whether the key may do `action` on `name` (a topic, group or subscription; '' for keys):
 * `undefined` until known. Reading it in a component re-renders the component once it is known.
 */
export function permission(action: Action, name = ''): Permission | undefined {
  const current = connection.value
  if (!current) return undefined
  if (!current.apiKey) return ALLOWED
  if (checkedFor !== current) {
    checkedFor = current
    pending.clear()
    known.value = new Map()
  }
  const key = keyOf(action, name)
  const found = known.value.get(key)
  if (found || pending.has(key)) return found
  pending.add(key)
  void current.client
    .execute(CHECKS[action](name))
    .then(
      () => ALLOWED,
      (error: unknown) => (isForbidden(error) ? { allowed: false as const, reason: error.message } : ALLOWED),
    )
    .then((result) => {
      pending.delete(key)
      if (connection.value === current) known.value = new Map(known.value).set(key, result)
    })
  return undefined
}

/** Remembers a 403 a real action met, so that its control turns disabled with the reason. */
export function rememberRefusal(action: Action, name: string, error: unknown): void {
  if (!isForbidden(error)) return
  known.value = new Map(known.value).set(keyOf(action, name), { allowed: false, reason: error.message })
}
