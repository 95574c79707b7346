import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { localAuthenticator } from '../../functions/auth/from-env.js'
import { type RunningService, serveSluice } from '../../functions/local/serve.js'
import { describedWithDefaults, idlePartition } from '../subscriptions/support.js'
import { api } from '../support/http.js'
import { testStorage } from '../support/service.js'

/**
 * The Subscriptions routes of docs/api.md over HTTP, with auth on: every route's answers (each held to
 * the OpenAPI document by api()), the grants, the 400 messages, and the webhook secret never answered.
 * Nothing is delivered here (the service wakes no deliverer), so every partition's state is settled;
 * subscriptions-delivery.test.ts delivers.
 */

const ROOT = `root-${crypto.randomUUID()}`
const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` })
const asRoot = bearer(ROOT)
const HOOK = 'http://127.0.0.1:9/hook'
/** Every secret a test sends: none may come back in any answer. */
const SECRETS: string[] = []
const secret = (label: string) => {
  const value = `whsec_${label}_${crypto.randomUUID()}`
  SECRETS.push(value)
  return value
}
const webhook = (label = 'hook') => ({ type: 'webhook', url: HOOK, secret: secret(label) })

let service: RunningService
/** Every answer's body as text, for the check that no secret was ever answered. */
const answered: string[] = []
let call: ReturnType<typeof api>
const root = (method: string, path: string, body?: unknown) => call(method, path, body, asRoot)

beforeAll(async () => {
  service = await serveSluice({
    storage: testStorage(),
    port: 0,
    // Deliveries are another file's: here no partition's state changes behind the test's back.
    delivery: false,
    janitor: false,
    app: (deps) => {
      const authenticator = localAuthenticator(deps.keys, { SLUICE_AUTH: 'on', SLUICE_ROOT_KEY: ROOT })
      return authenticator ? { authenticator } : {}
    },
  })
  const checked = api(service.url)
  call = async (...args) => {
    const out = await checked(...args)
    answered.push(typeof out.body === 'string' ? out.body : JSON.stringify(out.body ?? ''))
    return out
  }
  for (const [name, partitions] of [
    ['orders', 2],
    ['orders-dlq', 1],
    ['payments', 1],
  ] as const) {
    expect((await root('POST', '/v1/topics', { name, partitions })).status).toBe(201)
  }
  const produced = await root('POST', '/v1/topics/orders/records', {
    records: [
      { value: 'a', partition: 0 },
      { value: 'b', partition: 0 },
      { value: 'c', partition: 1 },
    ],
  })
  expect(produced.status).toBe(200)
})
afterAll(() => service.stop())

async function mint(grants: unknown[]) {
  const created = await root('POST', '/v1/keys', { name: 'k', grants })
  expect(created.status).toBe(201)
  return bearer(created.body.secret as string)
}

describe('subscriptions over HTTP', () => {
  it('creates with the defaults (201), lists and describes it, never answering the secret', async () => {
    const created = await root('POST', '/v1/subscriptions', {
      name: 'sub-a',
      topic: 'orders',
      target: webhook(),
    })
    expect(created.status).toBe(201)
    expect(created.body).toEqual(describedWithDefaults('sub-a', 'orders', HOOK))
    const described = await root('GET', '/v1/subscriptions/sub-a')
    expect(described.status).toBe(200)
    // startAt latest: the group's offsets were placed at the end when it was created.
    expect(described.body).toEqual({
      ...created.body,
      partitions: [idlePartition(0, 2), idlePartition(1, 1)],
    })
    const listed = await root('GET', '/v1/subscriptions')
    expect(listed.status).toBe(200)
    expect(listed.body.subscriptions).toContainEqual(created.body)
  })

  it('takes every setting, and lists sorted by name', async () => {
    const body = {
      name: 'sub-0-all',
      topic: 'orders',
      group: 'sub-0-group',
      target: webhook(),
      batch: { maxRecords: 10_000, maxBytes: 4 * 1024 * 1024, maxWaitMs: 300_000 },
      retry: { maxAttempts: -1, minBackoffMs: 1, maxBackoffMs: 3_600_000 },
      deadLetterTopic: 'orders-dlq',
      startAt: { timestamp: 0 },
      delivery: 'exactly-once',
    }
    const created = await root('POST', '/v1/subscriptions', body)
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ ...body, target: { type: 'webhook', url: HOOK }, paused: false })
    const described = await root('GET', '/v1/subscriptions/sub-0-all')
    expect(described.body.partitions).toEqual([idlePartition(0, 0, 2), idlePartition(1, 0, 1)])
    const names = (await root('GET', '/v1/subscriptions')).body.subscriptions.map(
      (s: { name: string }) => s.name,
    )
    expect(names).toEqual([...names].sort())
    expect(names.indexOf('sub-0-all')).toBeLessThan(names.indexOf('sub-a'))
  })

  it('answers 409 SUBSCRIPTION_EXISTS for a name taken, changing nothing', async () => {
    await root('POST', '/v1/subscriptions', { name: 'sub-taken', topic: 'orders', target: webhook() })
    const before = await root('GET', '/v1/subscriptions/sub-taken')
    const again = await root('POST', '/v1/subscriptions', {
      name: 'sub-taken',
      topic: 'payments',
      group: 'sub-taken-2',
      target: webhook(),
    })
    expect(again.status).toBe(409)
    expect(again.body.error).toMatchObject({ code: 'SUBSCRIPTION_EXISTS', subscription: 'sub-taken' })
    expect((await root('GET', '/v1/subscriptions/sub-taken')).body).toEqual(before.body)
  })

  it('answers 404 TOPIC_NOT_FOUND for a topic or a dead-letter topic that does not exist', async () => {
    const noTopic = await root('POST', '/v1/subscriptions', {
      name: 'sub-nt',
      topic: 'nope',
      target: webhook(),
    })
    expect(noTopic.status).toBe(404)
    expect(noTopic.body.error).toMatchObject({ code: 'TOPIC_NOT_FOUND', topic: 'nope' })
    const noDlq = await root('POST', '/v1/subscriptions', {
      name: 'sub-nt',
      topic: 'orders',
      target: webhook(),
      deadLetterTopic: 'nope-dlq',
    })
    expect(noDlq.status).toBe(404)
    expect(noDlq.body.error).toMatchObject({ code: 'TOPIC_NOT_FOUND', topic: 'nope-dlq' })
    expect((await root('GET', '/v1/subscriptions/sub-nt')).status).toBe(404)
    const changed = await root('PATCH', '/v1/subscriptions/sub-a', { deadLetterTopic: 'nope-dlq' })
    expect(changed.status).toBe(404)
    expect(changed.body.error).toMatchObject({ code: 'TOPIC_NOT_FOUND', topic: 'nope-dlq' })
  })

  it('answers 404 SUBSCRIPTION_NOT_FOUND on every route of a name that does not exist', async () => {
    for (const [method, body] of [['GET'], ['PATCH', { paused: true }], ['DELETE']] as const) {
      const out = await root(method, '/v1/subscriptions/sub-none', body)
      expect(out.status, method).toBe(404)
      expect(out.body.error).toMatchObject({
        code: 'SUBSCRIPTION_NOT_FOUND',
        message: "subscription 'sub-none' does not exist",
        subscription: 'sub-none',
      })
    }
  })

  it('refuses (400) a target it may not deliver to, a group in use and a dead-letter loop', async () => {
    const base = { name: 'sub-bad', topic: 'orders' }
    // The group of a live consumer: its lease would keep the deliverers out.
    const lease = await root('PUT', '/v1/groups/busy/topics/orders/partitions/0/lease', { memberId: 'm1' })
    expect(lease.status).toBe(200)
    const cases: [unknown, string][] = [
      [
        {
          ...base,
          target: { type: 'lambda', functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:f' },
        },
        'body.target.type "lambda" needs a service with Lambda support; this one has none (the local server delivers to webhooks)',
      ],
      [
        { ...base, target: { ...webhook(), url: 'http://example.com/hook' } },
        'body.target.url must use https (or http on 127.0.0.1 or localhost); got "http://example.com/hook"',
      ],
      [
        { ...base, target: { ...webhook(), url: 'https://10.1.2.3/hook' } },
        'body.target.url must reach public addresses only; 10.1.2.3 is not (private)',
      ],
      [
        { ...base, target: webhook(), group: 'sub-a' },
        "body.group 'sub-a' is the group of subscription 'sub-a' already",
      ],
      [
        { ...base, target: webhook(), group: 'busy' },
        "body.group 'busy' has live members holding leases ('m1' holds orders/0): a subscription needs a group no consumer is using",
      ],
      [
        { ...base, target: webhook(), deadLetterTopic: 'orders' },
        'body.deadLetterTopic must differ from the topic delivered; got "orders"',
      ],
      [
        { ...base, target: webhook(), retry: { minBackoffMs: 5000, maxBackoffMs: 1000 } },
        'body.retry.minBackoffMs must be at most maxBackoffMs (1000); got 5000',
      ],
    ]
    for (const [body, message] of cases) {
      const out = await root('POST', '/v1/subscriptions', body)
      expect(out.status, message).toBe(400)
      expect(out.body.error.code).toBe('INVALID_REQUEST')
      expect(out.body.error.message).toContain(message)
    }
    expect((await root('GET', '/v1/subscriptions/sub-bad')).status).toBe(404)
  })

  it('names the field, the rule and the value in a 400', async () => {
    const base = { name: 'sub-v', topic: 'orders', target: webhook() }
    const cases: [string, string, unknown, string, string][] = [
      ['POST', '', 'not json', 'the body is not valid JSON', ''],
      ['POST', '', { ...base, nmae: 'x' }, 'body has an unknown field "nmae"', ''],
      ['POST', '', { topic: 'orders', target: webhook() }, 'body.name is required', 'name'],
      [
        'POST',
        '',
        { ...base, name: 'a b' },
        'body.name must match ^[A-Za-z0-9._-]{1,249}$; got "a b"',
        'name',
      ],
      [
        'POST',
        '',
        { ...base, batch: { maxRecords: 0 } },
        'body.batch.maxRecords must be an integer from 1 to 10000; got 0',
        'batch.maxRecords',
      ],
      [
        'POST',
        '',
        { ...base, batch: { maxBytes: 4 * 1024 * 1024 + 1 } },
        'body.batch.maxBytes must be an integer from 1 to 4194304; got 4194305',
        'batch.maxBytes',
      ],
      [
        'POST',
        '',
        { ...base, retry: { maxAttempts: 0 } },
        'body.retry.maxAttempts must be -1 (forever) or an integer from 1 to 1000; got 0',
        'retry.maxAttempts',
      ],
      [
        'POST',
        '',
        { ...base, startAt: 'middle' },
        'body.startAt must be "earliest", "latest" or {"timestamp": <ms>}; got "middle"',
        'startAt',
      ],
      [
        'POST',
        '',
        { ...base, delivery: 'twice' },
        'body.delivery must be one of "at-least-once", "exactly-once"; got "twice"',
        'delivery',
      ],
      [
        'POST',
        '',
        { ...base, target: { type: 'lambda', functionArn: 'f' } },
        'body.target.functionArn must be the ARN of a Lambda function; got "f"',
        'target.functionArn',
      ],
      ['PATCH', '/sub-a', { paused: 'yes' }, 'body.paused must be a boolean; got "yes"', 'paused'],
      ['PATCH', '/sub-a', { name: 'renamed' }, 'body has an unknown field "name"', ''],
      ['GET', '/a%20b', undefined, 'name must match ^[A-Za-z0-9._-]{1,249}$; got "a b"', ''],
    ]
    for (const [method, path, body, message, field] of cases) {
      const out = await root(method, `/v1/subscriptions${path}`, body)
      expect(out.status, message).toBe(400)
      expect(out.body.error).toMatchObject({ code: 'INVALID_REQUEST', message })
      if (body !== 'not json') expect(out.body.error.issues[0].path).toBe(field)
    }
  })

  it('never echoes a secret, not even in the 400 of the body that sent it', async () => {
    const long = `${secret('long')}${'x'.repeat(1024)}`
    const tooLong = await root('POST', '/v1/subscriptions', {
      name: 'sub-leak',
      topic: 'orders',
      target: { type: 'webhook', url: HOOK, secret: long },
    })
    expect(tooLong.status).toBe(400)
    expect(tooLong.body.error.message).toBe('body.target.secret must be at most 1024 characters long')
    // Neither form of the target fits: the message shows the target, which must not show the secret.
    const odd = await root('POST', '/v1/subscriptions', {
      name: 'sub-leak',
      topic: 'orders',
      target: { secret: secret('odd'), type: 'other', extra: 1 },
    })
    expect(odd.status).toBe(400)
    expect(odd.body.error.message).toBe(
      'body.target must be {"type": "webhook", "url", "secret"} or {"type": "lambda", "functionArn"}; got {"secret":"…","type":"other","extra":1}',
    )
    for (const text of [JSON.stringify(tooLong.body), JSON.stringify(odd.body)]) {
      expect(text).not.toContain('whsec_')
    }
  })

  it('changes with PATCH: pauses and resumes, keeps the secret unless given, merges batch and retry', async () => {
    await root('POST', '/v1/subscriptions', { name: 'sub-p', topic: 'orders', target: webhook() })
    const paused = await root('PATCH', '/v1/subscriptions/sub-p', { paused: true })
    expect(paused.status).toBe(200)
    expect(paused.body.paused).toBe(true)
    const described = await root('GET', '/v1/subscriptions/sub-p')
    expect(described.body.partitions.map((p: { state: string }) => p.state)).toEqual(['paused', 'paused'])
    const changed = await root('PATCH', '/v1/subscriptions/sub-p', {
      paused: false,
      target: { type: 'webhook', url: 'http://localhost:9/other' },
      batch: { maxRecords: 7 },
      retry: { maxAttempts: 3 },
      deadLetterTopic: 'orders-dlq',
    })
    expect(changed.status).toBe(200)
    expect(changed.body).toMatchObject({
      paused: false,
      target: { type: 'webhook', url: 'http://localhost:9/other' },
      batch: { maxRecords: 7, maxBytes: 1048576, maxWaitMs: 0 },
      retry: { maxAttempts: 3, minBackoffMs: 1000, maxBackoffMs: 300000 },
      deadLetterTopic: 'orders-dlq',
    })
    const newSecret = await root('PATCH', '/v1/subscriptions/sub-p', {
      target: webhook('rotated'),
      deadLetterTopic: null,
    })
    expect(newSecret.status).toBe(200)
    expect(newSecret.body).toMatchObject({ target: { type: 'webhook', url: HOOK }, deadLetterTopic: null })
    const unchanged = await root('PATCH', '/v1/subscriptions/sub-p', {})
    expect(unchanged.body).toEqual(newSecret.body)
  })

  it('deletes (204): the subscription is gone, its group and offsets stay', async () => {
    await root('POST', '/v1/subscriptions', { name: 'sub-d', topic: 'orders', target: webhook() })
    expect((await root('DELETE', '/v1/subscriptions/sub-d')).status).toBe(204)
    expect((await root('GET', '/v1/subscriptions/sub-d')).status).toBe(404)
    expect((await root('DELETE', '/v1/subscriptions/sub-d')).status).toBe(404)
    const offsets = await root('GET', '/v1/groups/sub-d/offsets')
    expect(offsets.body.offsets).toEqual([
      { topic: 'orders', partition: 0, offset: 2 },
      { topic: 'orders', partition: 1, offset: 1 },
    ])
  })

  it('answers 405 with Allow for a method its paths do not serve', async () => {
    const list = await root('PUT', '/v1/subscriptions', {})
    expect(list.status).toBe(405)
    expect(list.headers.get('allow')).toBe('GET, POST')
    const one = await root('POST', '/v1/subscriptions/sub-a', {})
    expect(one.status).toBe(405)
    expect(one.headers.get('allow')).toBe('DELETE, GET, PATCH')
  })

  it('answers 413 for a body over 5 MiB', async () => {
    const huge = JSON.stringify({
      name: 'sub-huge',
      topic: 'orders',
      target: webhook(),
      pad: 'x'.repeat(5 * 1024 * 1024),
    })
    for (const [method, path] of [
      ['POST', '/v1/subscriptions'],
      ['PATCH', '/v1/subscriptions/sub-a'],
    ]) {
      const out = await root(method as string, path as string, huge)
      expect(out.status).toBe(413)
      expect(out.body.error.code).toBe('PAYLOAD_TOO_LARGE')
    }
  })
})

describe('subscription grants', () => {
  const routes: [string, string, unknown?][] = [
    [
      'POST',
      '/v1/subscriptions',
      { name: 'sub-x', topic: 'orders', target: { type: 'webhook', url: HOOK, secret: 's' } },
    ],
    ['GET', '/v1/subscriptions'],
    ['GET', '/v1/subscriptions/sub-a'],
    ['PATCH', '/v1/subscriptions/sub-a', { paused: true }],
    ['DELETE', '/v1/subscriptions/sub-a'],
  ]

  it.each(routes)('refuses %s %s without a key (401)', async (method, path, body) => {
    const out = await call(method, path, body)
    expect(out.status).toBe(401)
    expect(out.body.error.code).toBe('UNAUTHENTICATED')
  })

  it('takes admin on the topic and on the group to create, change and delete', async () => {
    const both = await mint([
      { resource: 'topic:orders', actions: ['admin'] },
      { resource: 'group:team-*', actions: ['admin'] },
    ])
    const topicOnly = await mint([{ resource: 'topic:orders', actions: ['admin'] }])
    const groupOnly = await mint([{ resource: 'group:*', actions: ['admin'] }])
    const body = { name: 'team-a', topic: 'orders', target: webhook() }
    const noGroup = await call('POST', '/v1/subscriptions', body, topicOnly)
    expect(noGroup.status).toBe(403)
    expect(noGroup.body.error.message).toBe("this key may not admin group 'team-a'")
    const noTopic = await call('POST', '/v1/subscriptions', body, groupOnly)
    expect(noTopic.status).toBe(403)
    expect(noTopic.body.error).toMatchObject({
      message: "this key may not admin topic 'orders'",
      topic: 'orders',
    })
    const otherGroup = await call('POST', '/v1/subscriptions', { ...body, group: 'elsewhere' }, both)
    expect(otherGroup.status).toBe(403)
    expect((await root('GET', '/v1/subscriptions/team-a')).status).toBe(404)

    expect((await call('POST', '/v1/subscriptions', body, both)).status).toBe(201)
    for (const key of [topicOnly, groupOnly]) {
      expect((await call('PATCH', '/v1/subscriptions/team-a', { paused: true }, key)).status).toBe(403)
      expect((await call('DELETE', '/v1/subscriptions/team-a', undefined, key)).status).toBe(403)
    }
    expect((await root('GET', '/v1/subscriptions/team-a')).body.paused).toBe(false)
    expect((await call('GET', '/v1/subscriptions/team-a', undefined, both)).status).toBe(200)
    expect((await call('PATCH', '/v1/subscriptions/team-a', { paused: true }, both)).status).toBe(200)
    expect((await call('DELETE', '/v1/subscriptions/team-a', undefined, both)).status).toBe(204)
  })

  it('takes produce on a dead-letter topic to set it', async () => {
    const admin = [
      { resource: 'topic:orders', actions: ['admin'] },
      { resource: 'group:team-*', actions: ['admin'] },
    ]
    const without = await mint(admin)
    const body = { name: 'team-dlq', topic: 'orders', target: webhook(), deadLetterTopic: 'orders-dlq' }
    const refused = await call('POST', '/v1/subscriptions', body, without)
    expect(refused.status).toBe(403)
    expect(refused.body.error).toMatchObject({
      message: "this key may not produce topic 'orders-dlq'",
      topic: 'orders-dlq',
    })
    const { deadLetterTopic: _, ...withoutDlq } = body
    expect((await call('POST', '/v1/subscriptions', withoutDlq, without)).status).toBe(201)
    const change = await call(
      'PATCH',
      '/v1/subscriptions/team-dlq',
      { deadLetterTopic: 'orders-dlq' },
      without,
    )
    expect(change.status).toBe(403)
    const withProduce = await mint([...admin, { resource: 'topic:orders-dlq', actions: ['produce'] }])
    const changed = await call(
      'PATCH',
      '/v1/subscriptions/team-dlq',
      { deadLetterTopic: 'orders-dlq' },
      withProduce,
    )
    expect(changed.status).toBe(200)
    expect(changed.body.deadLetterTopic).toBe('orders-dlq')
  })

  it('shows a subscription to a key that may consume its topic, and lists only those', async () => {
    await root('POST', '/v1/subscriptions', { name: 'sub-pay', topic: 'payments', target: webhook() })
    const ordersReader = await mint([{ resource: 'topic:orders', actions: ['consume'] }])
    const paymentsReader = await mint([{ resource: 'topic:payments', actions: ['consume'] }])
    const producer = await mint([{ resource: 'topic:*', actions: ['produce'] }])

    const read = await call('GET', '/v1/subscriptions/sub-a', undefined, ordersReader)
    expect(read.status).toBe(200)
    expect(read.body.partitions).toHaveLength(2)
    const refused = await call('GET', '/v1/subscriptions/sub-a', undefined, paymentsReader)
    expect(refused.status).toBe(403)
    expect(refused.body.error).toMatchObject({ code: 'FORBIDDEN', topic: 'orders' })
    expect((await call('GET', '/v1/subscriptions/sub-a', undefined, producer)).status).toBe(403)
    expect((await call('PATCH', '/v1/subscriptions/sub-a', { paused: true }, ordersReader)).status).toBe(403)
    expect((await call('DELETE', '/v1/subscriptions/sub-a', undefined, ordersReader)).status).toBe(403)

    const topicsListed = async (key: Record<string, string>) =>
      new Set(
        (await call('GET', '/v1/subscriptions', undefined, key)).body.subscriptions.map(
          (s: { topic: string }) => s.topic,
        ),
      )
    expect(await topicsListed(ordersReader)).toEqual(new Set(['orders']))
    expect(await topicsListed(paymentsReader)).toEqual(new Set(['payments']))
    expect(await topicsListed(producer)).toEqual(new Set())
  })
})

describe('the webhook secret', () => {
  it('was in no answer of this file', () => {
    expect(SECRETS.length).toBeGreaterThan(10)
    const leaked = SECRETS.filter((s) => answered.some((text) => text.includes(s)))
    expect(leaked).toEqual([])
    expect(answered.some((text) => text.includes('sealedSecret'))).toBe(false)
  })
})
