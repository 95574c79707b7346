import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { localAuthenticator } from '../../functions/auth/from-env.js'
import { type RunningService, serveSluice } from '../../functions/local/serve.js'
import { startWebhook, TEST_DELIVERY_TIMING, until } from '../subscriptions/support.js'
import { api } from '../support/http.js'
import { testStorage } from '../support/service.js'

/**
 * An exactly-once target appends with its batch's commit; it may append only where the key that set
 * the subscription may produce, or whoever runs the target could write to any topic. Auth on, the
 * local server delivering as on `npm start`.
 */

const ROOT = `root-${crypto.randomUUID()}`
const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` })

let service: RunningService
let call: ReturnType<typeof api>
const root = (method: string, path: string, body?: unknown) => call(method, path, body, bearer(ROOT))

beforeAll(async () => {
  service = await serveSluice({
    storage: testStorage(),
    port: 0,
    streamPollMs: 50,
    engine: { subscriptions: { timing: TEST_DELIVERY_TIMING } },
    app: (deps) => {
      const authenticator = localAuthenticator(deps.keys, { SLUICE_AUTH: 'on', SLUICE_ROOT_KEY: ROOT })
      return authenticator ? { authenticator } : {}
    },
  })
  call = api(service.url)
  for (const name of ['payments', 'receipts', 'ledger']) {
    expect((await root('POST', '/v1/topics', { name, partitions: 1 })).status).toBe(201)
  }
})
afterAll(() => service.stop())

/** A key that may run subscriptions on `payments` and produce to `receipts` only. */
async function subscriberKey() {
  const minted = await root('POST', '/v1/keys', {
    name: 'subscriber',
    grants: [
      { resource: 'topic:payments', actions: ['admin', 'produce'] },
      { resource: 'group:*', actions: ['admin'] },
      { resource: 'topic:receipts', actions: ['produce'] },
    ],
  })
  expect(minted.status).toBe(201)
  return bearer(minted.body.secret as string)
}

const partitionOf = async (name: string) =>
  (await root('GET', `/v1/subscriptions/${name}`)).body.partitions[0]
const endOf = async (topic: string) => (await root('GET', `/v1/topics/${topic}`)).body.offsets[0].endOffset

describe("an exactly-once target's output", () => {
  it('is appended where the subscribing key may produce, and blocks the partition where it may not', async () => {
    const key = await subscriberKey()
    const hook = await startWebhook((delivery) => ({
      status: 200,
      body: {
        produce: [
          {
            topic: delivery.event.subscription === 'to-receipts' ? 'receipts' : 'ledger',
            records: delivery.event.records.map((r) => ({ key: r.key, value: `out:${r.value}` })),
          },
        ],
      },
    }))
    try {
      for (const name of ['to-receipts', 'to-ledger']) {
        const created = await call(
          'POST',
          '/v1/subscriptions',
          {
            name,
            topic: 'payments',
            target: { type: 'webhook', url: hook.url, secret: 'whsec_out' },
            delivery: 'exactly-once',
            // One attempt: a refused output then blocks the partition (no dead-letter topic) at once.
            retry: { maxAttempts: 1 },
          },
          key,
        )
        expect(created.status, JSON.stringify(created.body)).toBe(201)
      }
      expect(
        (await call('POST', '/v1/topics/payments/records', { records: [{ value: '7' }] }, key)).status,
      ).toBe(200)

      await until(
        'receipts delivered',
        () => partitionOf('to-receipts'),
        (p) => p.lag === 0,
      )
      expect(await endOf('receipts')).toBe(1)
      const blocked = await until(
        'ledger refused',
        () => partitionOf('to-ledger'),
        (p) => p.state === 'blocked',
      )
      expect(blocked.lastError).toBe(
        "answer's produce: the key that set this subscription may not produce to topic 'ledger'",
      )
      expect(blocked.committedOffset).toBe(0)
      expect(await endOf('ledger')).toBe(0)
    } finally {
      await hook.close()
    }
  })
})
