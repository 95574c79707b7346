import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { countingClients } from '../support/dynamo-requests.js'
import { type Call, createTopic, leasePath, produce, startClockedService } from './support.js'

const dynamo = countingClients()
let env: Awaited<ReturnType<typeof startClockedService>>
let call: Call

beforeAll(async () => {
  env = await startClockedService({ storage: dynamo.storage, engine: { clients: dynamo.clients } })
  call = env.call
  await createTopic(call, 'bound', 8)
  await produce(call, 'bound', 0, ['a', 'b', 'c'])
})
afterAll(async () => {
  await env.service.stop()
  dynamo.destroy()
})

const LEASE_MS = 3000

interface Held {
  topic: string
  partition: number
  epoch: number
}

const heartbeat = (group: string, memberId: string, leases: Held[], sessionMs = LEASE_MS) =>
  call('POST', `/v1/groups/${group}/members/${memberId}/heartbeat`, {
    topics: ['bound'],
    sessionMs,
    leaseMs: LEASE_MS,
    leases,
  })

async function take(group: string, memberId: string, partition: number): Promise<Held> {
  const out = await call('PUT', leasePath(group, 'bound', partition), { memberId, leaseMs: LEASE_MS })
  expect(out.status, JSON.stringify(out.body)).toBe(200)
  return { topic: 'bound', partition, epoch: out.body.epoch }
}

const commit = (group: string, memberId: string, held: Held, offset: number) =>
  call('POST', `/v1/groups/${group}/offsets`, {
    topic: 'bound',
    memberId,
    offsets: [{ partition: held.partition, offset, epoch: held.epoch }],
  })

describe('leases renewed by the member’s heartbeat (one write for all of them)', () => {
  it('keeps the leases of a member that only heartbeats past their own expiry, and takes them after it stops', async () => {
    await heartbeat('keep', 'a', [])
    const held = await take('keep', 'a', 0)
    const ownExpiry = env.clock.now + LEASE_MS
    env.advance(LEASE_MS - 1000)
    const beat = await heartbeat('keep', 'a', [held])
    const leasesUntil = env.clock.now + LEASE_MS
    expect(beat.body).toMatchObject({ renewed: [{ ...held, expiresAt: leasesUntil }], lost: [] })

    env.advance(2000) // past the lease's own expiry: only the member's heartbeat keeps it
    expect(env.clock.now).toBeGreaterThan(ownExpiry)
    await heartbeat('keep', 'b', [])
    const refused = await call('PUT', leasePath('keep', 'bound', 0), { memberId: 'b' })
    expect(refused.status).toBe(409)
    expect(refused.body.error).toMatchObject({ code: 'LEASE_HELD', owner: 'a', expiresAt: leasesUntil })
    const described = await call('GET', '/v1/groups/keep')
    expect(described.body.topics[0].partitions[0]).toMatchObject({
      owner: 'a',
      epoch: held.epoch,
      leaseExpiresAt: leasesUntil,
    })
    expect((await commit('keep', 'a', held, 2)).status).toBe(200)
    const resetRefused = await call('PUT', '/v1/groups/keep/topics/bound/offsets', { to: 'earliest' })
    expect(resetRefused.body.error).toMatchObject({ code: 'GROUP_ACTIVE', owner: 'a' })
    expect((await call('DELETE', '/v1/groups/keep')).body.error.code).toBe('GROUP_ACTIVE')

    // 'a' stops heartbeating: once leasesUntil passes the lease is free, at a higher epoch.
    env.advance(LEASE_MS - 2000)
    await heartbeat('keep', 'b', [])
    const taken = await take('keep', 'b', 0)
    expect(taken.epoch).toBe(held.epoch + 1)
    expect((await commit('keep', 'a', held, 3)).body.error).toMatchObject({ code: 'FENCED' })
    expect((await commit('keep', 'b', taken, 3)).status).toBe(200)
  })

  it('fences a zombie whose member item expired, after another member took over; its heartbeat does not revive the lease', async () => {
    await heartbeat('zombies', 'zombie', [])
    const stale = await take('zombies', 'zombie', 1)
    env.advance(LEASE_MS + 1) // session and leases over: a frozen process
    await heartbeat('zombies', 'successor', [])
    const fresh = await take('zombies', 'successor', 1)
    expect(fresh.epoch).toBe(stale.epoch + 1)

    const refused = await commit('zombies', 'zombie', stale, 0)
    expect(refused.status).toBe(409)
    expect(refused.body.error).toMatchObject({ code: 'FENCED', retriable: false })
    const woken = await heartbeat('zombies', 'zombie', [stale])
    expect(woken.body).toMatchObject({ renewed: [], lost: [stale] })
    expect((await commit('zombies', 'zombie', stale, 0)).status).toBe(409)
    const described = await call('GET', '/v1/groups/zombies')
    expect(described.body.topics[0].partitions[1]).toMatchObject({ owner: 'successor', epoch: fresh.epoch })
  })

  it('lets a lease be taken whose owner’s member item is gone (DynamoDB’s TTL deleted it)', async () => {
    await heartbeat('ttl', 'gone', [])
    const held = await take('ttl', 'gone', 2)
    env.advance(LEASE_MS + 1)
    // Stands for the TTL deletion of the item a day after the session ended.
    await env.service.deps.groups.removeMember('ttl', 'gone')
    await heartbeat('ttl', 'next', [])
    expect((await take('ttl', 'next', 2)).epoch).toBe(held.epoch + 1)
  })

  it('commits through a transaction under a lease only the heartbeat keeps; fenced, appending nothing, once it is gone', async () => {
    await heartbeat('txn', 'w', [])
    const held = await take('txn', 'w', 4)
    env.advance(LEASE_MS - 1000)
    await heartbeat('txn', 'w', [held])
    env.advance(2000) // past the lease's own expiry
    const transaction = (offset: number) =>
      call('POST', '/v1/transactions', {
        produce: [{ topic: 'bound', records: [{ value: `out-${offset}`, partition: 6 }] }],
        commit: {
          group: 'txn',
          topic: 'bound',
          memberId: 'w',
          offsets: [{ partition: held.partition, offset, epoch: held.epoch }],
        },
      })
    const committed = await transaction(0)
    expect(committed.status, JSON.stringify(committed.body)).toBe(200)
    env.advance(LEASE_MS) // no heartbeat since: the lease is over
    const refused = await transaction(0)
    expect(refused.status).toBe(409)
    expect(refused.body.error.code).toBe('FENCED')
    const out = await call('GET', '/v1/topics/bound/partitions/6/records?offset=0')
    expect(out.body.records.map((r: { value: string }) => r.value)).toEqual(['out-0'])
  })

  it('releases a lease its owner did not list once the lease’s own expiry passed; keeps it before', async () => {
    await heartbeat('unlisted', 'm', [])
    const held = await take('unlisted', 'm', 3)
    // A heartbeat racing the take (sent before the member knew of the lease) must not drop it.
    const racing = await heartbeat('unlisted', 'm', [])
    expect(racing.body.leases).toEqual([{ ...held, owner: 'm', expiresAt: env.clock.now + LEASE_MS }])
    env.advance(LEASE_MS)
    const forgot = await heartbeat('unlisted', 'm', [])
    expect(forgot.body.leases).toEqual([])
    const described = await call('GET', '/v1/groups/unlisted')
    expect(described.body.topics[0].partitions[3]).toMatchObject({ owner: null, epoch: held.epoch })
  })

  it('renews all eight leases of a member with one write per heartbeat', async () => {
    await heartbeat('cost', 'm', [])
    const held: Held[] = []
    for (let p = 0; p < 8; p++) held.push(await take('cost', 'm', p))
    await heartbeat('cost', 'm', held)
    dynamo.reset()
    const beat = await heartbeat('cost', 'm', held)
    expect(beat.body.renewed).toHaveLength(8)
    expect(dynamo.writes.map((w) => w.command)).toEqual(['UpdateItem'])
    expect(dynamo.writes[0]?.writeUnits).toBe(1)
    // What it reads: the group, in one Query (the topic's partition count is remembered).
    expect(dynamo.requests.map((r) => r.command).sort()).toEqual(['Query', 'UpdateItem'])
    console.log('heartbeat of 8 leases:', JSON.stringify(dynamo.requests))
  })
})

let race = 0

describe('racing takeovers of a member-bound lease (DESIGN.md invariant 5)', () => {
  it('has exactly one winner once the owner’s leasesUntil passed, and none while it holds', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 2, max: 16 }), fc.boolean(), async (racers, ownerGone) => {
        const group = `takeover-${race++}`
        await heartbeat(group, 'old', [])
        const held = await take(group, 'old', 0)
        env.advance(LEASE_MS - 1)
        await heartbeat(group, 'old', [held]) // bound: lives on past the lease's own expiry
        env.advance(ownerGone ? LEASE_MS : 2)
        const ids = Array.from({ length: racers }, (_, i) => `r${i}`)
        await Promise.all(ids.map((id) => heartbeat(group, id, [], 60_000)))
        const answers = await Promise.all(
          ids.map((memberId) => call('PUT', leasePath(group, 'bound', 0), { memberId, leaseMs: LEASE_MS })),
        )
        const winners = answers.filter((a) => a.status === 200)
        expect(winners).toHaveLength(ownerGone ? 1 : 0)
        const owner = ownerGone ? winners[0]?.body.memberId : 'old'
        for (const loser of answers.filter((a) => a.status !== 200)) {
          expect(loser.status).toBe(409)
          expect(loser.body.error).toMatchObject({ code: 'LEASE_HELD', owner })
        }
        const described = await call('GET', `/v1/groups/${group}`)
        expect(described.body.topics[0].partitions[0]).toMatchObject({
          owner,
          epoch: ownerGone ? held.epoch + 1 : held.epoch,
        })
      }),
      { numRuns: 12 },
    )
  })
})
