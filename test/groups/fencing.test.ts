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
