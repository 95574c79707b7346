import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Call, createTopic, leasePath, produce, startClockedService } from './support.js'

let env: Awaited<ReturnType<typeof startClockedService>>
let call: Call

beforeAll(async () => {
  env = await startClockedService()
  call = env.call
})
afterAll(() => env.service.stop())

const commit = (group: string, topic: string, memberId: string, offset: number, epoch: number) =>
  call('POST', `/v1/groups/${group}/offsets`, {
    topic,
    memberId,
    offsets: [{ partition: 0, offset, epoch }],
  })

describe('fencing tokens that are never shared', () => {
  it('gives a restarted member (same memberId, new incarnation) a new epoch and fences its paused old self', async () => {
    await createTopic(call, 'restart', 1)
    await produce(call, 'restart', 0, ['a', 'b', 'c', 'd'])
    const take = (incarnation: string) =>
      call('PUT', leasePath('restarts', 'restart', 0), { memberId: 'host-1', leaseMs: 3000, incarnation })
    const old = await take('process-1')
    expect(old.status, JSON.stringify(old.body)).toBe(200)
    expect((await commit('restarts', 'restart', 'host-1', 1, old.body.epoch)).status).toBe(200)

    // process-1 pauses (GC, frozen VM); host-1 restarts as process-2 and takes its partition again.
    const restarted = await take('process-2')
    expect(restarted.status).toBe(200)
    expect(restarted.body).toMatchObject({ committedOffset: 1 })
    expect(restarted.body.epoch).toBeGreaterThan(old.body.epoch)
    expect((await commit('restarts', 'restart', 'host-1', 3, restarted.body.epoch)).status).toBe(200)

    // process-1 wakes up and commits what it was processing: refused, as any zombie's.
    const zombie = await commit('restarts', 'restart', 'host-1', 2, old.body.epoch)
    expect(zombie.status).toBe(409)
    expect(zombie.body.error.code).toBe('FENCED')
    // A renewal by the same incarnation keeps the epoch.
    env.advance(1000)
    expect((await take('process-2')).body.epoch).toBe(restarted.body.epoch)
    const offsets = await call('GET', '/v1/groups/restarts/offsets')
    expect(offsets.body.offsets).toEqual([{ topic: 'restart', partition: 0, offset: 3 }])
  })

  it('never hands out an epoch again after the group is deleted', async () => {
    await createTopic(call, 'reborn', 1)
    await call('PUT', '/v1/groups/phoenix/members/m', { topics: ['reborn'], sessionMs: 1000 })
    const epochs: number[] = []
    for (const member of ['m', 'n']) {
      await call('PUT', `/v1/groups/phoenix/members/${member}`, { topics: ['reborn'], sessionMs: 1000 })
      const lease = await call('PUT', leasePath('phoenix', 'reborn', 0), { memberId: member, leaseMs: 1000 })
      expect(lease.status).toBe(200)
      epochs.push(lease.body.epoch)
      env.advance(1001)
    }
    expect((await call('DELETE', '/v1/groups/phoenix')).status).toBe(204)
    await call('PUT', '/v1/groups/phoenix/members/m', { topics: ['reborn'] })
    const after = await call('PUT', leasePath('phoenix', 'reborn', 0), { memberId: 'm' })
    expect(after.status).toBe(200)
    expect(after.body.epoch).toBeGreaterThan(Math.max(...epochs))
    // The delete still took the group's offsets and members with it.
    expect(after.body.committedOffset).toBeNull()
  })

  it('refuses a commit under a lease taken on an earlier incarnation of the topic', async () => {
    await createTopic(call, 'recreated', 1)
    await produce(call, 'recreated', 0, ['a', 'b'])
    await call('PUT', '/v1/groups/survivor/members/m', { topics: ['recreated'], sessionMs: 300_000 })
    const lease = await call('PUT', leasePath('survivor', 'recreated', 0), {
      memberId: 'm',
      leaseMs: 300_000,
    })
    expect((await commit('survivor', 'recreated', 'm', 1, lease.body.epoch)).status).toBe(200)

    expect((await call('DELETE', '/v1/topics/recreated')).status).toBe(204)
    await createTopic(call, 'recreated', 1)
    await produce(call, 'recreated', 0, ['x', 'y', 'z'])

    // The member, alive all along, commits its old position into the new topic: refused.
    const stale = await commit('survivor', 'recreated', 'm', 2, lease.body.epoch)
    expect(stale.status).toBe(409)
    expect(stale.body.error.code).toBe('FENCED')
    expect((await call('GET', '/v1/groups/survivor/offsets')).body.offsets).toEqual([])
    // Taking the lease again binds it to the new topic, with a new epoch and no committed offset.
    const again = await call('PUT', leasePath('survivor', 'recreated', 0), { memberId: 'm' })
    expect(again.body.epoch).toBeGreaterThan(lease.body.epoch)
    expect(again.body.committedOffset).toBeNull()
    expect((await commit('survivor', 'recreated', 'm', 2, again.body.epoch)).status).toBe(200)
  })
})

describe('taking a lease needs nothing before it (the API contract)', () => {
  it('joins a member that has not joined, with the default session, and answers 200', async () => {
    await createTopic(call, 'unjoined', 2)
    const taken = await call('PUT', leasePath('walk-in', 'unjoined', 0), { memberId: 'newcomer' })
    expect(taken.status, JSON.stringify(taken.body)).toBe(200)
    expect(taken.body).toMatchObject({ memberId: 'newcomer', epoch: 1, committedOffset: null })
    // A second topic's lease needs nothing either.
    await createTopic(call, 'unjoined-too', 1)
    expect(
      (await call('PUT', leasePath('walk-in', 'unjoined-too', 0), { memberId: 'newcomer' })).status,
    ).toBe(200)
    const described = await call('GET', '/v1/groups/walk-in')
    expect(described.body.members).toEqual([
      { memberId: 'newcomer', topics: ['unjoined', 'unjoined-too'], expiresAt: env.clock.now + 10_000 },
    ])
    // Its commits hold under the lease, as any member's.
    await produce(call, 'unjoined', 0, ['a'])
    expect((await commit('walk-in', 'unjoined', 'newcomer', 1, taken.body.epoch)).status).toBe(200)
  })
})

describe('a member taking its own lease again after it expired', () => {
  it('gets a new epoch, so a commit it sent under the old one and that lands late is refused', async () => {
    // The member's client gave the partition up when the lease ran out (a paused process, a stalled
    // network) while a transaction of its was in flight; taking it again, it starts from the
    // committed offset it is answered. The old transaction landing after that would make the member
    // process those inputs twice.
    await createTopic(call, 'lapsed', 1)
    await produce(call, 'lapsed', 0, ['a', 'b', 'c', 'd'])
    const take = () => call('PUT', leasePath('lapses', 'lapsed', 0), { memberId: 'm1', leaseMs: 1000 })
    const first = await take()
    expect(first.status, JSON.stringify(first.body)).toBe(200)
    env.advance(10_001)
    const again = await take()
    expect(again.status).toBe(200)
    expect(again.body.epoch).toBeGreaterThan(first.body.epoch)
    expect(again.body.committedOffset).toBeNull()
    const late = await commit('lapses', 'lapsed', 'm1', 3, first.body.epoch)
    expect(late.status).toBe(409)
    expect(late.body.error).toMatchObject({ code: 'FENCED', epoch: first.body.epoch })
    // Within its life the lease is renewed, keeping the epoch.
    env.advance(500)
    expect((await take()).body.epoch).toBe(again.body.epoch)
  })
})
