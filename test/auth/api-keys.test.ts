import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { localAuthenticator } from '../../functions/auth/from-env.js'
import type { RunningService } from '../../functions/local/serve.js'
import { api } from '../support/http.js'
import { startTestService } from '../support/service.js'

const ROOT = `root-${crypto.randomUUID()}`
const logged: string[] = []
let service: RunningService
let call: ReturnType<typeof api>
const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` })
const asRoot = bearer(ROOT)

beforeAll(async () => {
  service = await startTestService({
    app: (deps) => {
      const authenticator = localAuthenticator(deps.keys, { SLUICE_AUTH: 'on', SLUICE_ROOT_KEY: ROOT })
      return {
        ...(authenticator ? { authenticator } : {}),
        logError: (err) => logged.push(String(err instanceof Error ? err.stack : err)),
      }
    },
  })
  call = api(service.url)
  await call('POST', '/v1/topics', { name: 'orders.eu', partitions: 1 }, asRoot)
  await call('POST', '/v1/topics', { name: 'payments', partitions: 1 }, asRoot)
  await call('POST', '/v1/topics/orders.eu/records', { records: [{ value: 'one' }] }, asRoot)
})
afterAll(() => service.stop())

async function mint(grants: unknown[], as = asRoot) {
  const created = await call('POST', '/v1/keys', { name: 'k', grants }, as)
  expect(created.status).toBe(201)
  return created.body as { id: string; secret: string }
}

/** Every route of the API this service serves, with a valid request for it. */
const routes: [string, string, unknown?][] = [
  ['GET', '/v1/topics'],
  ['POST', '/v1/topics', { name: 'created-by-test' }],
  ['GET', '/v1/topics/payments'],
  ['PATCH', '/v1/topics/payments', { retentionMs: 60_000 }],
  ['DELETE', '/v1/topics/payments'],
  ['GET', '/v1/topics/payments/offsets'],
  ['POST', '/v1/topics/payments/records', { records: [{ value: 'x' }] }],
  ['GET', '/v1/topics/payments/partitions/0/records'],
  ['POST', '/v1/keys', { name: 'x', grants: [{ resource: 'topic:*', actions: ['consume'] }] }],
  ['GET', '/v1/keys'],
  ['DELETE', '/v1/keys/key_unknown'],
]

describe('API keys', () => {
  it('lets /health through without a key', async () => {
    expect((await call('GET', '/health')).status).toBe(200)
  })

  it.each(routes)('refuses %s %s without a key, or with an unknown one (401)', async (method, path, body) => {
    for (const headers of [{}, bearer('sluice_not-a-key'), { authorization: 'Basic abc' }]) {
      const response = await call(method, path, body, headers)
      expect(response.status).toBe(401)
      expect(response.body.error).toMatchObject({ code: 'UNAUTHENTICATED', retriable: false })
    }
  })

  it.each(routes)(
    'refuses %s %s to a key without the grant (403) and changes nothing',
    async (method, path, body) => {
      const key = await mint([{ resource: 'group:*', actions: ['consume'] }])
      const before = await call('GET', '/v1/topics/payments', undefined, asRoot)
      const response = await call(method, path, body, bearer(key.secret))
      if (method === 'GET' && path === '/v1/topics') {
        // Listing is allowed to any key, and shows only the topics it has a grant on: none here.
        expect(response.body.topics).toEqual([])
        return
      }
      expect(response.status).toBe(403)
      expect(response.body.error).toMatchObject({ code: 'FORBIDDEN', retriable: false })
      // Status and body: the headers carry a Date that moves on between the two calls.
      const after = await call('GET', '/v1/topics/payments', undefined, asRoot)
      expect({ status: after.status, body: after.body }).toEqual({ status: before.status, body: before.body })
    },
  )

  it('grants produce and consume per topic glob', async () => {
    const key = await mint([{ resource: 'topic:orders.*', actions: ['produce', 'consume'] }])
    const auth = bearer(key.secret)
    expect(
      (await call('POST', '/v1/topics/orders.eu/records', { records: [{ value: 'two' }] }, auth)).status,
    ).toBe(200)
    const read = await call('GET', '/v1/topics/orders.eu/partitions/0/records', undefined, auth)
    expect(read.body.records.map((r: { value: string }) => r.value)).toEqual(['one', 'two'])
    expect(
      (await call('POST', '/v1/topics/payments/records', { records: [{ value: 'x' }] }, auth)).status,
    ).toBe(403)
    expect((await call('DELETE', '/v1/topics/orders.eu', undefined, auth)).status).toBe(403)
    const listed = await call('GET', '/v1/topics', undefined, auth)
    expect(listed.body.topics.map((t: { name: string }) => t.name)).toEqual(['orders.eu'])
  })

  it('refuses a deleted key from then on', async () => {
    const key = await mint([{ resource: 'topic:*', actions: ['consume'] }])
    expect((await call('GET', '/v1/topics/orders.eu/offsets', undefined, bearer(key.secret))).status).toBe(
      200,
    )
    expect((await call('DELETE', `/v1/keys/${key.id}`, undefined, asRoot)).status).toBe(204)
    expect((await call('GET', '/v1/topics/orders.eu/offsets', undefined, bearer(key.secret))).status).toBe(
      401,
    )
    expect((await call('DELETE', `/v1/keys/${key.id}`, undefined, asRoot)).status).toBe(404)
  })

  it('does not let a key mint a broader key', async () => {
    const admin = await mint([
      { resource: 'cluster', actions: ['admin'] },
      { resource: 'topic:orders.*', actions: ['consume'] },
    ])
    const auth = bearer(admin.secret)
    const narrower = await call(
      'POST',
      '/v1/keys',
      { name: 'n', grants: [{ resource: 'topic:orders.eu', actions: ['consume'] }] },
      auth,
    )
    expect(narrower.status).toBe(201)
    for (const grants of [
      [{ resource: 'topic:*', actions: ['consume'] }],
      [{ resource: 'topic:orders.eu', actions: ['produce'] }],
      [{ resource: 'group:*', actions: ['consume'] }],
      [{ resource: 'topic:orders*', actions: ['consume'] }],
    ]) {
      const broader = await call('POST', '/v1/keys', { name: 'b', grants }, auth)
      expect(broader.status).toBe(403)
    }
  })

  it('shows a secret once: never in listings or later responses, never in logs', async () => {
    const key = await mint([{ resource: 'topic:*', actions: ['consume'] }])
    const listed = await call('GET', '/v1/keys', undefined, asRoot)
    const text = JSON.stringify(listed.body)
    expect(listed.body.keys.some((k: { id: string }) => k.id === key.id)).toBe(true)
    expect(text).not.toContain(key.secret)
    expect(text).not.toContain('secretHash')
    expect(logged.join('\n')).not.toContain(key.secret)
    expect(logged.join('\n')).not.toContain(ROOT)
  })

  it('rejects malformed key requests with 400', async () => {
    for (const body of [
      { name: 'x', grants: [{ resource: 'topics:*', actions: ['consume'] }] },
      { name: 'x', grants: [{ resource: 'topic:*', actions: ['write'] }] },
      { name: 'x', grants: [] },
      { name: 'x', grants: [{ resource: 'cluster', actions: ['admin'] }], extra: true },
    ]) {
      expect((await call('POST', '/v1/keys', body, asRoot)).status).toBe(400)
    }
  })
})
