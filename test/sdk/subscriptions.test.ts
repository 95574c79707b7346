/**
 * The SDK's subscription admin against the real local service delivering to a real HTTP server, which
 * checks every delivery with the SDK's `verifySignature`, as a user's webhook would.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type Admin,
  type DeliveryAnswer,
  type DeliveryEvent,
  GroupActiveError,
  GroupNotFoundError,
  Sluice,
  SubscriptionExistsError,
  SubscriptionNotFoundError,
  TopicNotFoundError,
  verifySignature,
} from '../../sdk/src/index.js'
import {
  describedWithDefaults,
  idlePartition,
  type ReceivedDelivery,
  startDeliveringService,
  startWebhook,
  until,
  type WebhookAnswer,
} from '../subscriptions/support.js'
import { freshTopic, readAll } from './support/topics.js'

let service: Awaited<ReturnType<typeof startDeliveringService>>['service']
let sluice: Sluice
let admin: Admin
const webhooks: Array<Awaited<ReturnType<typeof startWebhook>>> = []

beforeAll(async () => {
  ;({ service } = await startDeliveringService())
  sluice = new Sluice({ url: service.url })
  admin = sluice.admin()
}, 120_000)
afterAll(async () => {
  await Promise.all(webhooks.map((w) => w.close()))
  await service?.stop()
})

let counter = 0
const freshName = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${counter++}`
const QUICK_RETRY = { minBackoffMs: 5, maxBackoffMs: 20 }

/**
 * A webhook that verifies each delivery's signature with the SDK (401 when it fails, as a target
 * should), then answers as `answer` says.
 */
async function signedWebhook(
  secret: string,
  answer: (event: DeliveryEvent, delivery: ReceivedDelivery) => WebhookAnswer = () => ({ status: 200 }),
) {
  const verified: DeliveryEvent[] = []
  const webhook = await startWebhook(async (delivery) => {
    try {
      await verifySignature({ secret, header: delivery.headers['sluice-signature'], body: delivery.raw })
    } catch {
      return { status: 401 }
    }
    const out = answer(delivery.event, delivery)
    if (out !== 'drop' && out.status < 300) verified.push(delivery.event)
    return out
  })
  webhooks.push(webhook)
  return { ...webhook, verified }
}

const deliveredValues = (events: DeliveryEvent[]) => events.flatMap((e) => e.records.map((r) => r.value))

describe('subscriptions through the SDK', { timeout: 120_000 }, () => {
  it('creates, lists, describes and deletes, never echoing the secret', async () => {
    const topic = await freshTopic(sluice, 'sdk-sub', 2)
    const name = freshName('sdk-sub')
    const secret = `whsec_${name}`
    const hook = await signedWebhook(secret)
    const created = await admin.createSubscription({
      name,
      topic,
      target: { type: 'webhook', url: hook.url, secret },
    })
    expect(created).toEqual(describedWithDefaults(name, topic, hook.url))
    expect(JSON.stringify(await admin.listSubscriptions())).not.toContain(secret)
    expect(await admin.listSubscriptions()).toContainEqual(created)

    const described = await admin.describeSubscription(name)
    expect(JSON.stringify(described)).not.toContain(secret)
    expect(described.partitions).toEqual(
      [0, 1].map((partition) => ({
        ...idlePartition(partition, 0),
        state: expect.stringMatching(/^(idle|delivering)$/),
      })),
    )

    await expect(
      admin.createSubscription({ name, topic, target: { type: 'webhook', url: hook.url, secret } }),
    ).rejects.toBeInstanceOf(SubscriptionExistsError)

    await admin.deleteSubscription(name)
    await expect(admin.describeSubscription(name)).rejects.toBeInstanceOf(SubscriptionNotFoundError)
    await expect(admin.deleteSubscription(name)).rejects.toBeInstanceOf(SubscriptionNotFoundError)
    await expect(admin.alterSubscription(name, { paused: true })).rejects.toBeInstanceOf(
      SubscriptionNotFoundError,
    )
    // The group and its offsets stay.
    expect((await admin.describeGroup(name)).group).toBe(name)
  })

  it('refuses a topic or dead-letter topic that does not exist', async () => {
    const topic = await freshTopic(sluice, 'sdk-sub-dlq')
    const target = { type: 'webhook' as const, url: 'http://127.0.0.1:9/hook', secret: 'whsec_x' }
    const missing = freshName('no-such-topic')
    const error = await admin
      .createSubscription({ name: freshName('sdk-sub'), topic: missing, target })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TopicNotFoundError)
    expect(error).toMatchObject({ topic: missing })
    await expect(
      admin.createSubscription({ name: freshName('sdk-sub'), topic, target, deadLetterTopic: missing }),
    ).rejects.toBeInstanceOf(TopicNotFoundError)
    await expect(admin.describeGroup(missing)).rejects.toBeInstanceOf(GroupNotFoundError)
  })

  it('delivers signed batches in offset order, with the batch’s Idempotency-Key', async () => {
    const topic = await freshTopic(sluice, 'sdk-sub-order')
    const name = freshName('sdk-sub-order')
    const hook = await signedWebhook(`whsec_${name}`)
    await admin.createSubscription({
      name,
      topic,
      target: { type: 'webhook', url: hook.url, secret: `whsec_${name}` },
      startAt: 'earliest',
      batch: { maxRecords: 3 },
    })
    const producer = sluice.producer({ lingerMs: 0 })
    const values = Array.from({ length: 8 }, (_, i) => `v${i}`)
    for (const value of values) await producer.send({ topic, messages: [{ key: 'k', value }] })
    await producer.close()

    await until(
      'every record delivered',
      () => deliveredValues(hook.verified),
      (v) => v.length >= 8,
    )
    expect(hook.received.every((d) => d.status === 200)).toBe(true)
    expect(new Set(deliveredValues(hook.verified))).toEqual(new Set(values))
    const offsets = hook.verified.flatMap((e) => e.records.map((r) => r.offset))
    expect(offsets).toEqual([...offsets].sort((a, b) => a - b))
    for (const delivery of hook.accepted()) {
      const { records } = delivery.event
      expect(records.length).toBeLessThanOrEqual(3)
      expect(delivery.headers['idempotency-key']).toBe(
        `${name}/0/${records[0]?.offset}-${records[records.length - 1]?.offset}`,
      )
      expect(delivery.event).toMatchObject({ subscription: name, topic, partition: 0, encoding: 'utf8' })
    }
    const described = await until(
      'the commit of the last batch',
      () => admin.describeSubscription(name),
      (d) => d.partitions[0]?.lag === 0,
    )
    expect(described.partitions[0]).toMatchObject({ committedOffset: 8, endOffset: 8, attempts: 0 })
  })

  it('pauses and resumes from the committed offsets', async () => {
    const topic = await freshTopic(sluice, 'sdk-sub-pause')
    const name = freshName('sdk-sub-pause')
    const hook = await signedWebhook(`whsec_${name}`)
    await admin.createSubscription({
      name,
      topic,
      target: { type: 'webhook', url: hook.url, secret: `whsec_${name}` },
    })
    expect((await admin.alterSubscription(name, { paused: true })).paused).toBe(true)
    const producer = sluice.producer({ lingerMs: 0 })
    await producer.send({ topic, messages: [{ value: 'while paused' }] })
    const paused = await admin.describeSubscription(name)
    expect(paused.partitions[0]).toMatchObject({ state: 'paused', committedOffset: 0, lag: 1 })

    expect((await admin.alterSubscription(name, { paused: false })).paused).toBe(false)
    await until(
      'the record produced while paused',
      () => deliveredValues(hook.verified),
      (v) => v.length > 0,
    )
    expect(deliveredValues(hook.verified)).toEqual(['while paused'])
    await producer.close()
  })

  it('blocks a partition on a failing record without a dead-letter topic; a new retry unblocks it', async () => {
    const topic = await freshTopic(sluice, 'sdk-sub-block')
    const name = freshName('sdk-sub-block')
    let failing = true
    const hook = await signedWebhook(`whsec_${name}`, () =>
      failing ? { status: 500, body: { error: 'down' } } : { status: 200 },
    )
    await admin.createSubscription({
      name,
      topic,
      target: { type: 'webhook', url: hook.url, secret: `whsec_${name}` },
      retry: { maxAttempts: 2, ...QUICK_RETRY },
    })
    await sluice.producer({ lingerMs: 0 }).send({ topic, messages: [{ value: 'poison' }] })
    const blocked = await until(
      'the partition blocked',
      () => admin.describeSubscription(name),
      (d) => d.partitions[0]?.state === 'blocked',
    )
    expect(blocked.partitions[0]).toMatchObject({ committedOffset: 0, lag: 1, attempts: 2 })
    expect(blocked.partitions[0]?.lastError).toContain('500')

    failing = false
    // Any retry given unblocks, an empty one too (docs/subscriptions.md).
    await admin.alterSubscription(name, { retry: {} })
    await until(
      'the record delivered once unblocked',
      () => deliveredValues(hook.verified),
      (v) => v.length > 0,
    )
    await until(
      'its commit',
      () => admin.describeSubscription(name),
      (d) => d.partitions[0]?.committedOffset === 1 && d.partitions[0]?.state !== 'blocked',
    )
  })

  it('moves a blocked partition on when its offset is set past the record, as docs/subscriptions.md says', async () => {
    const topic = await freshTopic(sluice, 'sdk-sub-skip')
    const name = freshName('sdk-sub-skip')
    const hook = await signedWebhook(`whsec_${name}`, (event) =>
      event.records.some((r) => r.value === 'poison') ? { status: 500 } : { status: 200 },
    )
    await admin.createSubscription({
      name,
      topic,
      target: { type: 'webhook', url: hook.url, secret: `whsec_${name}` },
      retry: { maxAttempts: 1, ...QUICK_RETRY },
    })
    const producer = sluice.producer({ lingerMs: 0 })
    await producer.send({ topic, messages: [{ value: 'poison' }] })
    await until(
      'the partition blocked',
      () => admin.describeSubscription(name),
      (d) => d.partitions[0]?.state === 'blocked',
    )
    await admin.alterSubscription(name, { paused: true })
    await until(
      'the offset set past the poison',
      () =>
        admin
          .setOffsets({ groupId: name, topic, partitions: [{ partition: 0, offset: 1 }] })
          .then(() => true)
          .catch((error: unknown) => {
            if (error instanceof GroupActiveError) return false
            throw error
          }),
      (done) => done,
    )
    await admin.alterSubscription(name, { paused: false })
    await producer.send({ topic, messages: [{ value: 'after' }] })
    await producer.close()
    await until(
      'the next record delivered',
      () => deliveredValues(hook.verified),
      (v) => v.includes('after'),
    )
    expect(deliveredValues(hook.verified)).toEqual(['after'])
  })

  it('dead-letters a record failing alone, with its sluice-dlq headers, and moves on', async () => {
    const topic = await freshTopic(sluice, 'sdk-sub-dl')
    const deadLetters = await freshTopic(sluice, 'sdk-sub-dl-letters')
    const name = freshName('sdk-sub-dl')
    const hook = await signedWebhook(`whsec_${name}`, (event) =>
      event.records.some((r) => r.value === 'poison') ? { status: 422 } : { status: 200 },
    )
    await admin.createSubscription({
      name,
      topic,
      target: { type: 'webhook', url: hook.url, secret: `whsec_${name}` },
      retry: { maxAttempts: 1, ...QUICK_RETRY },
      deadLetterTopic: deadLetters,
      startAt: 'earliest',
    })
    await sluice.producer({ lingerMs: 0 }).send({
      topic,
      messages: ['a', 'poison', 'b'].map((value) => ({ key: 'k', value })),
    })
    await until(
      'the records after the poison delivered',
      () => deliveredValues(hook.verified),
      (v) => v.includes('b'),
    )
    expect(deliveredValues(hook.verified)).toEqual(['a', 'b'])
    const [letter] = (await readAll(sluice, deadLetters)).get(0) ?? []
    expect(letter).toMatchObject({
      key: 'k',
      value: 'poison',
      headers: expect.objectContaining({
        'sluice-dlq-subscription': name,
        'sluice-dlq-topic': topic,
        'sluice-dlq-partition': '0',
        'sluice-dlq-offset': '1',
        'sluice-dlq-error': 'webhook answered 422',
        // Counted over the batch's tries and the bisection's.
        'sluice-dlq-attempts': expect.stringMatching(/^[1-9]\d*$/),
      }),
    })
  })

  it('exactly-once: appends what the target answers with each batch’s commit', async () => {
    const topic = await freshTopic(sluice, 'sdk-sub-eo')
    const output = await freshTopic(sluice, 'sdk-sub-eo-out')
    const name = freshName('sdk-sub-eo')
    const hook = await signedWebhook(`whsec_${name}`, (event) => {
      const answer: DeliveryAnswer = {
        produce: [
          {
            topic: output,
            records: event.records.map((r) => ({ key: r.key, value: (r.value ?? '').toUpperCase() })),
          },
        ],
      }
      return { status: 200, body: answer }
    })
    await admin.createSubscription({
      name,
      topic,
      target: { type: 'webhook', url: hook.url, secret: `whsec_${name}` },
      delivery: 'exactly-once',
      startAt: 'earliest',
    })
    await sluice.producer({ lingerMs: 0 }).send({ topic, messages: [{ value: 'a' }, { value: 'b' }] })
    const out = await until(
      'the output appended',
      async () => ((await readAll(sluice, output)).get(0) ?? []).map((r) => r.value),
      (values) => values.length >= 2,
    )
    expect(out).toEqual(['A', 'B'])
  })
})
