import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { unavailable } from '../../functions/errors.js'
import type { ServiceDeps } from '../../functions/service.js'
import { type Call, createTopic, leasePath, produce, startClockedService } from './support.js'

/**
 * Which engine step the next transaction fails at; each stands for the real failure named where it is
 * thrown (the storage adapters turn a real outage into the same retriable 503).
 */
const inject: { failAt?: 'segment-put' | 'index-write' | 'after-index-write' } = {}

function wrap(deps: ServiceDeps): ServiceDeps {
  const index = Object.create(deps.index) as ServiceDeps['index']
  index.writeEntries = async (writes, extra) => {
    if (inject.failAt === 'index-write') throw unavailable('injected: DynamoDB down during the transaction')
    await deps.index.writeEntries(writes, extra)
    if (inject.failAt === 'after-index-write')
      throw new Error('injected: crash after the transaction committed')
  }
  const segments = Object.create(deps.segments) as ServiceDeps['segments']
  segments.put = async (key, body) => {
    if (inject.failAt === 'segment-put') throw unavailable('injected: S3 down while writing the segment')
    return deps.segments.put(key, body)
  }
  return { ...deps, index, segments }
}

let env: Awaited<ReturnType<typeof startClockedService>>
let call: Call
let epoch: number

beforeAll(async () => {
  env = await startClockedService({ engine: { wrap } })
  call = env.call
  await createTopic(call, 'in', 1)
  await createTopic(call, 'out', 2)
  await createTopic(call, 'audit', 1)
  await produce(call, 'in', 0, ['a', 'b', 'c', 'd', 'e'])
  await call('PUT', '/v1/groups/pipe/members/worker', { topics: ['in'], sessionMs: 300_000 })
  const lease = await call('PUT', leasePath('pipe', 'in', 0), { memberId: 'worker', leaseMs: 300_000 })
  epoch = lease.body.epoch
})
afterAll(() => env.service.stop())

const transaction = (offset: number, e = epoch, value = `v${offset}`) => ({
  produce: [
    { topic: 'out', records: [{ key: 'k', value }] },
    { topic: 'audit', records: [{ value: `audit-${value}` }] },
  ],
  commit: { group: 'pipe', topic: 'in', memberId: 'worker', offsets: [{ partition: 0, offset, epoch: e }] },
})

async function visible(topic: string, partitions: number) {
  const values: string[] = []
  for (let p = 0; p < partitions; p++) {
    const read = await call('GET', `/v1/topics/${topic}/partitions/${p}/records?limit=10000`)
    values.push(...read.body.records.map((r: { value: string }) => r.value))
  }
  return values.sort()
}

async function committed() {
  const out = await call('GET', '/v1/groups/pipe/offsets?topic=in')
  return out.body.offsets[0]?.offset ?? null
}

describe('/v1/transactions', () => {
  it('appends to several topics and commits the offsets together', async () => {
    const out = await call('POST', '/v1/transactions', transaction(1))
    expect(out.status, JSON.stringify(out.body)).toBe(200)
    expect(out.body.produce.map((p: { topic: string }) => p.topic)).toEqual(['out', 'audit'])
    expect(out.body.produce[0].records[0]).toMatchObject({ offset: 0 })
    expect(await visible('out', 2)).toEqual(['v1'])
    expect(await visible('audit', 1)).toEqual(['audit-v1'])
    expect(await committed()).toBe(1)
  })

  it('appends nothing when the commit is fenced (a stale epoch)', async () => {
    const out = await call('POST', '/v1/transactions', transaction(2, epoch + 7))
    expect(out.status).toBe(409)
    expect(out.body.error.code).toBe('FENCED')
    expect(await visible('out', 2)).toEqual(['v1'])
    expect(await visible('audit', 1)).toEqual(['audit-v1'])
    expect(await committed()).toBe(1)
  })

  it('appends nothing when the lease expired, even with the right epoch', async () => {
    await call('PUT', '/v1/groups/pipe/members/slow', { topics: ['in'], sessionMs: 300_000 })
    await call('PUT', leasePath('pipe', 'in', 0), { memberId: 'worker', leaseMs: 1000 })
    env.advance(1001)
    const out = await call('POST', '/v1/transactions', transaction(2))
    expect(out.status).toBe(409)
    expect(await visible('out', 2)).toEqual(['v1'])
    const back = await call('PUT', leasePath('pipe', 'in', 0), { memberId: 'worker', leaseMs: 300_000 })
    // Taken again after it expired: a new epoch, though nobody else took it (a commit of the old
    // epoch still on its way must not land after the offset this answers).
    expect(back.body.epoch).toBeGreaterThan(epoch)
    epoch = back.body.epoch
  })

  it.each([
    ['segment-put', 'S3 failing before any entry is written'],
    ['index-write', 'DynamoDB failing the transaction'],
  ] as const)('changes nothing when a step fails: %s (%s)', async (failAt, _realFailure) => {
    inject.failAt = failAt
    // Large records, so the batch goes to an S3 segment and every step runs.
    const big = 'x'.repeat(20_000)
    const out = await call('POST', '/v1/transactions', transaction(3, epoch, big))
    inject.failAt = undefined
    expect(out.status).toBe(503)
    expect(out.body.error.retriable).toBe(true)
    expect(await visible('out', 2)).toEqual(['v1'])
    expect(await visible('audit', 1)).toEqual(['audit-v1'])
    expect(await committed()).toBe(1)
  })

  it('with an Idempotency-Key, a retry after the answer was lost past the commit appends nothing twice', async () => {
    const headers = { 'idempotency-key': 'txn-offset-4' }
    inject.failAt = 'after-index-write' // DynamoDB committed, and the answer is lost on the way back
    const lost = await call('POST', '/v1/transactions', transaction(4), headers)
    inject.failAt = undefined
    // The engine reads its own entries back: the transaction landed, so it answers 200 after all.
    expect(lost.status, JSON.stringify(lost.body)).toBe(200)
    const retry = await call('POST', '/v1/transactions', transaction(4), headers)
    expect(retry.status).toBe(200)
    expect(retry.body).toEqual(lost.body)
    expect(await visible('out', 2)).toEqual(['v1', 'v4'])
    expect(await visible('audit', 1)).toEqual(['audit-v1', 'audit-v4'])
    expect(await committed()).toBe(4)
    const reused = await call('POST', '/v1/transactions', transaction(5), headers)
    expect(reused.status).toBe(422)
  })

  it('refuses a commit that does not move the committed offset forward: the inputs were processed already', async () => {
    // The same transaction again without its Idempotency-Key (a handler retried after the answer was
    // lost for good), and one behind the committed offset: the fence holds, but nothing may happen.
    for (const offset of [4, 3]) {
      const again = await call('POST', '/v1/transactions', transaction(offset))
      expect(again.status, JSON.stringify(again.body)).toBe(409)
      expect(again.body.error).toMatchObject({
        code: 'ALREADY_COMMITTED',
        retriable: false,
        group: 'pipe',
        topic: 'in',
        partition: 0,
        committedOffset: 4,
      })
    }
    expect(await visible('out', 2)).toEqual(['v1', 'v4'])
    expect(await visible('audit', 1)).toEqual(['audit-v1', 'audit-v4'])
    expect(await committed()).toBe(4)
  })

  it('refuses more than 50 partitions, commits past the end, and empty transactions, changing nothing', async () => {
    await createTopic(call, 'wide', 60)
    const wide = {
      produce: [
        { topic: 'wide', records: Array.from({ length: 60 }, (_, p) => ({ value: 'w', partition: p })) },
      ],
    }
    const tooWide = await call('POST', '/v1/transactions', wide)
    expect(tooWide.status).toBe(400)
    expect(tooWide.body.error.message).toContain('at most 50 partitions')
    const pastEnd = await call('POST', '/v1/transactions', transaction(6))
    expect(pastEnd.status).toBe(416)
    expect(pastEnd.body.error).toMatchObject({ code: 'OFFSET_OUT_OF_RANGE', endOffset: 5 })
    expect((await call('POST', '/v1/transactions', { produce: [] })).status).toBe(400)
    expect(await visible('wide', 60)).toEqual([])
    expect(await visible('out', 2)).toEqual(['v1', 'v4'])
    expect(await committed()).toBe(4)
  })
})
