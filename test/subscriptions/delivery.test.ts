import { createHmac } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { resetOffsets } from '../../functions/groups/offsets.js'
import type { RunningService } from '../../functions/local/serve.js'
import { alterSubscription } from '../../functions/subscriptions/alter.js'
import { createSubscription } from '../../functions/subscriptions/create.js'
import { describeSubscription } from '../../functions/subscriptions/describe.js'
import { createTopic, produce } from '../groups/support.js'
import type { api } from '../support/http.js'
import { readAll, startDeliveringService, startWebhook, until, webhookSubscription } from './support.js'

/** Deliveries as `npm start` runs them: appends reach the dispatcher through the table's stream. */

let service: RunningService
let call: ReturnType<typeof api>

beforeAll(async () => {
  ;({ service, call } = await startDeliveringService())
})
afterAll(async () => {
  await service.stop()
})

const offsetsOf = (deliveries: { event: { records: { offset: number }[] } }[]) =>
  deliveries.flatMap((d) => d.event.records.map((r) => r.offset))

const describePartition = async (name: string, partition = 0) =>
  (await describeSubscription(service.deps, name)).partitions[partition]

describe('delivery through the stream', () => {
  it('delivers each partition in offset order, retrying a failed batch with the same Idempotency-Key', async () => {
    await createTopic(call, 'ordered', 2)
    await produce(call, 'ordered', 0, ['a0', 'a1', 'a2', 'a3', 'a4'])
    await produce(call, 'ordered', 1, ['b0', 'b1', 'b2'])
    // Every batch fails on its first attempt, then succeeds.
    const hook = await startWebhook((d) => ({ status: d.event.attempt === 1 ? 500 : 200 }))
    await createSubscription(
      service.deps,
      webhookSubscription('ordered-hook', 'ordered', hook.url, {
        startAt: 'earliest',
        batch: { maxRecords: 2 },
      }),
    )
    await produce(call, 'ordered', 0, ['a5', 'a6'])
    await until(
      'every record delivered',
      () => offsetsOf(hook.accepted()).length,
      (n) => n >= 10,
    )
    for (const [partition, count] of [
      [0, 7],
      [1, 3],
    ] as const) {
      const accepted = hook.accepted().filter((d) => d.event.partition === partition)
      expect(offsetsOf(accepted)).toEqual(Array.from({ length: count }, (_, i) => i))
      for (const d of accepted) {
        const failed = hook.received.find(
          (r) => r.status === 500 && r.headers['idempotency-key'] === d.headers['idempotency-key'],
        )
        expect(failed?.raw.replace('"attempt":1', '"attempt":2')).toBe(d.raw)
      }
    }
    const partitions = await until(
      'both partitions committed',
      async () => (await describeSubscription(service.deps, 'ordered-hook')).partitions,
      (ps) => ps.every((p) => p.state === 'idle' && p.lag === 0),
    )
    expect(partitions.map((p) => [p.committedOffset, p.lag, p.state, p.attempts])).toEqual([
      [7, 0, 'idle', 0],
      [3, 0, 'idle', 0],
    ])
    await hook.close()
  })

  it('signs each delivery with the secret over the time and the exact body, and names the batch', async () => {
    await createTopic(call, 'signed', 1)
    const hook = await startWebhook()
    await createSubscription(service.deps, webhookSubscription('signed-hook', 'signed', hook.url))
    await produce(call, 'signed', 0, ['x', 'y'])
    const [delivery] = await until(
      'a delivery',
      () => hook.received,
      (r) => r.length > 0,
    )
    const { headers, raw, event } = delivery as NonNullable<typeof delivery>
    const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(headers['sluice-signature'])) ?? []
    expect(v1).toBe(createHmac('sha256', 'whsec_signed-hook').update(`${t}.${raw}`).digest('hex'))
    expect(createHmac('sha256', 'another secret').update(`${t}.${raw}`).digest('hex')).not.toBe(v1)
    expect(headers['idempotency-key']).toBe('signed-hook/0/0-1')
    expect(headers['content-type']).toBe('application/json')
    expect(event).toMatchObject({
      subscription: 'signed-hook',
      topic: 'signed',
      partition: 0,
      attempt: 1,
      encoding: 'utf8',
    })
    expect(event.records.map((r) => [r.offset, r.value, r.key, r.headers])).toEqual([
      [0, 'x', null, {}],
      [1, 'y', null, {}],
    ])
    await hook.close()
  })

  it('bisects a failing batch down to each poison record, dead-letters it with its headers, delivers the rest', async () => {
    await createTopic(call, 'poisoned', 1)
    await createTopic(call, 'poisoned-dlq', 1)
    const hook = await startWebhook((d) => ({
      status: d.event.records.some((r) => r.value === 'poison') ? 500 : 200,
    }))
    await createSubscription(
      service.deps,
      webhookSubscription('poisoned-hook', 'poisoned', hook.url, {
        deadLetterTopic: 'poisoned-dlq',
        retry: { maxAttempts: 2, minBackoffMs: 1, maxBackoffMs: 5 },
      }),
    )
    const values = ['v0', 'v1', 'v2', 'poison', 'v4', 'v5', 'v6', 'poison', 'v8', 'v9']
    const out = await call('POST', '/v1/topics/poisoned/records', {
      records: values.map((value, i) => ({ value, key: `k${i}`, headers: { origin: `o${i}` } })),
    })
    expect(out.status).toBe(200)
    await until(
      'the dead letters',
      () => readAll(call, 'poisoned-dlq'),
      (r) => r.length >= 2,
    )
    await until(
      'the rest delivered',
      () => offsetsOf(hook.accepted()),
      (o) => o.includes(9),
    )
    expect(offsetsOf(hook.accepted())).toEqual([0, 1, 2, 4, 5, 6, 8, 9])
    const letters = await readAll(call, 'poisoned-dlq')
    expect(letters.map((l) => [l.key, l.value, l.headers])).toEqual(
      [3, 7].map((offset) => [
        `k${offset}`,
        'poison',
        {
          origin: `o${offset}`,
          'sluice-dlq-subscription': 'poisoned-hook',
          'sluice-dlq-topic': 'poisoned',
          'sluice-dlq-partition': '0',
          'sluice-dlq-offset': String(offset),
          'sluice-dlq-error': 'webhook answered 500',
          'sluice-dlq-attempts': expect.stringMatching(/^\d+$/),
        },
      ]),
    )
    const done = await until(
      'committed',
      () => describePartition('poisoned-hook'),
      (p) => p?.state === 'idle',
    )
    expect(done).toMatchObject({ committedOffset: 10, attempts: 0 })
    await hook.close()
  })

  it('blocks on a failing record without a dead-letter topic until retry changes, or the offsets are reset', async () => {
    await createTopic(call, 'blocking', 1)
    let healed = false
    const hook = await startWebhook((d) => ({
      status: !healed && d.event.records.some((r) => r.value?.startsWith('bad')) ? 503 : 200,
    }))
    await createSubscription(
      service.deps,
      webhookSubscription('blocking-hook', 'blocking', hook.url, {
        retry: { maxAttempts: 2, minBackoffMs: 1, maxBackoffMs: 5 },
      }),
    )
    await produce(call, 'blocking', 0, ['ok0', 'bad1', 'ok2'])
    const blocked = await until(
      'blocked',
      () => describePartition('blocking-hook'),
      (p) => p?.state === 'blocked',
    )
    expect(blocked).toMatchObject({
      committedOffset: 1,
      lastError: 'webhook answered 503',
      nextAttemptAt: null,
    })
    expect(offsetsOf(hook.accepted())).toEqual([0])

    // A changed retry unblocks it: the record is tried again, from a fresh count of attempts.
    healed = true
    await alterSubscription(service.deps, 'blocking-hook', { retry: { maxAttempts: 2 } })
    await until(
      'delivered after the change',
      () => describePartition('blocking-hook'),
      (p) => p?.committedOffset === 3,
    )
    expect(offsetsOf(hook.accepted())).toEqual([0, 1, 2])

    // A reset of the group's offsets past the record unblocks it too.
    healed = false
    await produce(call, 'blocking', 0, ['bad3', 'ok4'])
    await until(
      'blocked again',
      () => describePartition('blocking-hook'),
      (p) => p?.state === 'blocked',
    )
    // The run that blocked may still be releasing its lease: a reset meeting it answers GROUP_ACTIVE.
    const reset = () =>
      resetOffsets(service.deps, 'blocking-hook', 'blocking', { offsets: [{ partition: 0, offset: 4 }] })
    await until(
      'the reset',
      () =>
        reset().then(
          () => true,
          () => false,
        ),
      (done) => done,
    )
    const moved = await until(
      'delivered after the reset',
      () => describePartition('blocking-hook'),
      (p) => p?.committedOffset === 5 && p.state === 'idle',
    )
    expect(moved).toMatchObject({ state: 'idle', attempts: 0, lastError: null })
    expect(offsetsOf(hook.accepted())).toEqual([0, 1, 2, 4])
    await hook.close()
  })
})
