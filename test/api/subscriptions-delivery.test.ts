import { createHmac, timingSafeEqual } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningService } from '../../functions/local/serve.js'
import {
  idlePartition,
  type ReceivedDelivery,
  startDeliveringService,
  startWebhook,
  until,
  type WebhookAnswer,
} from '../subscriptions/support.js'
import { checkSentRequest } from '../support/contract.js'
import type { api } from '../support/http.js'

/**
 * Subscriptions driven over HTTP end to end on the local server (its stream reader and timer waker
 * deliver, as on `npm start`): a real HTTP server as the webhook, records produced over HTTP, and each
 * partition's state read back with GET. Every delivery received is held to the OpenAPI document's
 * `webhooks.delivery`.
 */

let service: RunningService
let call: ReturnType<typeof api>

beforeAll(async () => {
  ;({ service, call } = await startDeliveringService())
})
afterAll(() => service.stop())

async function createTopic(name: string, partitions = 1) {
  expect((await call('POST', '/v1/topics', { name, partitions })).status).toBe(201)
}

async function subscribe(body: Record<string, unknown>) {
  const created = await call('POST', '/v1/subscriptions', body)
  expect(created.status, JSON.stringify(created.body)).toBe(201)
}

/** A partition of GET /v1/subscriptions/{name}. */
interface PartitionView {
  partition: number
  committedOffset: number | null
  endOffset: number
  lag: number | null
  state: string
  attempts: number
  lastError: string | null
  nextAttemptAt: number | null
}

async function partitionsOf(subscription: string): Promise<PartitionView[]> {
  const described = await call('GET', `/v1/subscriptions/${subscription}`)
  expect(described.status).toBe(200)
  return described.body.partitions
}

/** Polls the subscription's partition until `accept` takes it. */
async function partitionUntil(
  what: string,
  subscription: string,
  partition: number,
  accept: (p: PartitionView) => boolean,
): Promise<PartitionView> {
  const found = await until(
    what,
    async () => (await partitionsOf(subscription))[partition],
    (p) => p !== undefined && accept(p),
  )
  // `until` answers only what was accepted: a partition that is there.
  return found as PartitionView
}

/** The delivery's signature, recomputed from its raw body with the secret, compared in constant time. */
function signatureHolds(delivery: ReceivedDelivery, secret: string): boolean {
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(delivery.headers['sluice-signature']))
  if (!match) return false
  const expected = createHmac('sha256', secret).update(`${match[1]}.${delivery.raw}`).digest()
  return timingSafeEqual(expected, Buffer.from(match[2] as string, 'hex'))
}

/** Holds a delivery to the document's `webhooks.delivery`: headers and body. */
function checkAgainstDocument(delivery: ReceivedDelivery) {
  const headers = new Headers()
  for (const [name, value] of Object.entries(delivery.headers))
    if (typeof value === 'string') headers.set(name, value)
  checkSentRequest('delivery', headers, delivery.raw)
}

describe('a webhook subscription, end to end over HTTP', () => {
  it('delivers produced records, signed, then shows lag 0 and state idle', async () => {
    const secret = `whsec_${crypto.randomUUID()}`
    const hook = await startWebhook()
    try {
      await createTopic('rides', 2)
      await subscribe({
        name: 'eta-hook',
        topic: 'rides',
        target: { type: 'webhook', url: hook.url, secret },
      })
      const produced = await call('POST', '/v1/topics/rides/records', {
        records: ['a', 'b', 'c'].map((value, i) => ({
          key: `rider-${i}`,
          value,
          partition: 1,
          headers: { source: 'app' },
        })),
      })
      expect(produced.status).toBe(200)

      const deliveries = await until(
        'the three records delivered',
        () => hook.accepted(),
        (accepted) => accepted.flatMap((d) => d.event.records).length >= 3,
      )
      const fetched = await call('GET', '/v1/topics/rides/partitions/1/records?offset=earliest')
      expect(deliveries.flatMap((d) => d.event.records)).toEqual(fetched.body.records)
      for (const delivery of deliveries) {
        checkAgainstDocument(delivery)
        expect(signatureHolds(delivery, secret)).toBe(true)
        expect(signatureHolds(delivery, `${secret}x`)).toBe(false)
        const { records } = delivery.event
        expect(delivery.event).toMatchObject({
          subscription: 'eta-hook',
          topic: 'rides',
          partition: 1,
          attempt: 1,
          encoding: 'utf8',
        })
        expect(delivery.headers['idempotency-key']).toBe(
          `eta-hook/1/${records[0]?.offset}-${records[records.length - 1]?.offset}`,
        )
        expect(delivery.raw).not.toContain(secret)
      }

      // Runs come and go (a later wake finds nothing and leaves): idle is read from one answer showing it.
      const settled = await until(
        'both partitions idle at their end',
        () => partitionsOf('eta-hook'),
        (partitions) => partitions.every((p) => p.state === 'idle' && p.lag === 0),
      )
      expect(settled).toEqual([idlePartition(0, 0), idlePartition(1, 3)])
    } finally {
      await hook.close()
    }
  })

  it('shows delivering while the target answers, blocked once a lone record failed, and unblocks on a new retry', async () => {
    let answerFirst!: (answer: WebhookAnswer) => void
    const first = new Promise<WebhookAnswer>((resolve) => {
      answerFirst = resolve
    })
    const hook = await startWebhook((delivery) => (delivery === hook.received[0] ? first : { status: 200 }))
    try {
      await createTopic('fares')
      await subscribe({
        name: 'fare-hook',
        topic: 'fares',
        target: { type: 'webhook', url: hook.url, secret: 'whsec_fares' },
        retry: { maxAttempts: 1, minBackoffMs: 5, maxBackoffMs: 20 },
      })
      expect((await call('POST', '/v1/topics/fares/records', { records: [{ value: 'f0' }] })).status).toBe(
        200,
      )
      await until(
        'the delivery under way',
        () => hook.received.length,
        (n) => n === 1,
      )
      // The target has not answered: the run holds the partition.
      expect((await partitionsOf('fare-hook'))[0]).toMatchObject({ state: 'delivering', lag: 1, attempts: 0 })

      answerFirst({ status: 500 })
      // One attempt, one record, no dead-letter topic: the partition blocks on it.
      const blocked = await partitionUntil('blocked', 'fare-hook', 0, (p) => p.state === 'blocked')
      expect(blocked).toEqual({
        partition: 0,
        committedOffset: 0,
        endOffset: 1,
        lag: 1,
        state: 'blocked',
        attempts: 1,
        lastError: 'webhook answered 500',
        nextAttemptAt: null,
      })

      const changed = await call('PATCH', '/v1/subscriptions/fare-hook', { retry: { maxAttempts: 3 } })
      expect(changed.status).toBe(200)
      await partitionUntil(
        'delivered after the change',
        'fare-hook',
        0,
        (p) => p.state === 'idle' && p.lag === 0,
      )
      expect(hook.accepted().map((d) => d.event.records.map((r) => r.value))).toEqual([['f0']])
    } finally {
      await hook.close()
    }
  })

  it('shows retrying, with when, while a failed batch waits for its backoff', async () => {
    const hook = await startWebhook(() => ({ status: 503 }))
    try {
      await createTopic('tolls')
      await subscribe({
        name: 'toll-hook',
        topic: 'tolls',
        target: { type: 'webhook', url: hook.url, secret: 'whsec_tolls' },
        retry: { maxAttempts: 5, minBackoffMs: 600_000, maxBackoffMs: 600_000 },
      })
      const before = Date.now()
      expect((await call('POST', '/v1/topics/tolls/records', { records: [{ value: 't0' }] })).status).toBe(
        200,
      )
      const retrying = await partitionUntil('retrying', 'toll-hook', 0, (p) => p.state === 'retrying')
      expect(retrying).toMatchObject({ attempts: 1, lastError: 'webhook answered 503', lag: 1 })
      expect(retrying.nextAttemptAt).toBeGreaterThanOrEqual(before + 600_000)
      expect(hook.received).toHaveLength(1)
      expect((await call('DELETE', '/v1/subscriptions/toll-hook')).status).toBe(204)
    } finally {
      await hook.close()
    }
  })

  it('appends what an exactly-once target answers with the commit of its batch', async () => {
    const hook = await startWebhook((delivery) => ({
      status: 200,
      body: {
        produce: [
          {
            topic: 'receipts',
            records: delivery.event.records.map((r) => ({ key: r.key, value: `receipt:${r.value}` })),
          },
        ],
      },
    }))
    try {
      await createTopic('payments')
      await createTopic('receipts')
      await subscribe({
        name: 'receipt-hook',
        topic: 'payments',
        target: { type: 'webhook', url: hook.url, secret: 'whsec_receipts' },
        delivery: 'exactly-once',
      })
      const produced = await call('POST', '/v1/topics/payments/records', {
        records: [
          { key: 'p1', value: '10' },
          { key: 'p2', value: '20' },
        ],
      })
      expect(produced.status).toBe(200)
      await partitionUntil('delivered', 'receipt-hook', 0, (p) => p.lag === 0 && p.committedOffset === 2)
      const receipts = await call('GET', '/v1/topics/receipts/partitions/0/records?offset=earliest')
      expect(receipts.body.records.map((r: { key: string; value: string }) => [r.key, r.value])).toEqual([
        ['p1', 'receipt:10'],
        ['p2', 'receipt:20'],
      ])
    } finally {
      await hook.close()
    }
  })
})

describe('the check of a delivery against the document', () => {
  it('refuses what the document does not give, so the checks above mean something', () => {
    const event = { subscription: 's', topic: 't', partition: 0, attempt: 1, encoding: 'utf8', records: [] }
    const headers = new Headers({
      'sluice-signature': `t=1,v1=${'0'.repeat(64)}`,
      'idempotency-key': 's/0/0-0',
    })
    expect(() => checkSentRequest('delivery', headers, JSON.stringify(event))).not.toThrow()
    expect(() => checkSentRequest('delivery', new Headers(), JSON.stringify(event))).toThrow(
      /header Sluice-Signature is missing/,
    )
    expect(() => checkSentRequest('delivery', headers, JSON.stringify({ ...event, secret: 'x' }))).toThrow(
      /additional properties: "secret"/,
    )
  })
})
