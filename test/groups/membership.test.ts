import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Call, createTopic, leasePath, produce, startClockedService } from './support.js'

let env: Awaited<ReturnType<typeof startClockedService>>
let call: Call

beforeAll(async () => {
  env = await startClockedService()
  call = env.call
})
afterAll(() => env.service.stop())

const LEASE_MS = 3000
const PARTITIONS = 8

interface Held {
  topic: string
  partition: number
  epoch: number
}

/**
 * What the SDK's member will do, over the raw API: heartbeat (renewing what it holds), aim at
 * ceil(partitions / live members), take free or expired leases first. No stealing: enough here.
 */
class SimulatedMember {
  held: Held[] = []
  constructor(
    readonly group: string,
    readonly id: string,
    readonly topic: string,
    readonly partitions = 8,
  ) {}

  async heartbeat() {
    const out = await call('POST', `/v1/groups/${this.group}/members/${this.id}/heartbeat`, {
      topics: [this.topic],
      sessionMs: LEASE_MS,
      leaseMs: LEASE_MS,
      leases: this.held,
    })
    expect(out.status, JSON.stringify(out.body)).toBe(200)
    const lost = new Set(out.body.lost.map((l: Held) => l.partition))
    this.held = this.held.filter((h) => !lost.has(h.partition))
    return out.body
  }

  /** One balancing round: heartbeat, then take free or expired leases up to the target. */
  async balance() {
    const view = await this.heartbeat()
    const target = Math.ceil(this.partitions / view.members.length)
    const taken = new Set(view.leases.map((l: { partition: number }) => l.partition))
    for (let p = 0; p < this.partitions && this.held.length < target; p++) {
      if (taken.has(p)) continue
      const out = await call('PUT', leasePath(this.group, this.topic, p), {
        memberId: this.id,
        leaseMs: LEASE_MS,
      })
      if (out.status === 200) this.held.push({ topic: this.topic, partition: p, epoch: out.body.epoch })
      else expect(out.body.error.code).toBe('LEASE_HELD')
    }
  }
}

describe('membership and leases', () => {
  it('shares eight partitions 3/3/2 among three members; a fourth stands by', async () => {
    await createTopic(call, 'share', PARTITIONS)
    const members = ['a', 'b', 'c'].map((id) => new SimulatedMember('sharing', id, 'share'))
    for (const m of members) await m.heartbeat()
    for (const m of members) await m.balance()
    expect(members.map((m) => m.held.length).sort()).toEqual([2, 3, 3])
    const owners = new Set(members.flatMap((m) => m.held.map((h) => h.partition)))
    expect(owners.size).toBe(PARTITIONS)

    const fourth = new SimulatedMember('sharing', 'd', 'share')
    await fourth.balance()
    expect(fourth.held).toEqual([])
    const described = await call('GET', '/v1/groups/sharing')
    expect(described.body.members.map((m: { memberId: string }) => m.memberId)).toEqual(['a', 'b', 'c', 'd'])
    const partitions = described.body.topics[0].partitions
    expect(partitions.filter((p: { owner: string | null }) => p.owner === null)).toEqual([])
  })

  it('gives a killed member’s partitions to the others once its leases expire, with higher epochs', async () => {
    await createTopic(call, 'failover', PARTITIONS)
    const [a, b, killed] = ['a', 'b', 'killed'].map((id) => new SimulatedMember('fo', id, 'failover')) as [
      SimulatedMember,
      SimulatedMember,
      SimulatedMember,
    ]
    for (const m of [a, b, killed]) await m.heartbeat()
    for (const m of [a, b, killed]) await m.balance()
    const orphaned = killed.held.map((h) => ({ ...h }))
    expect(orphaned.length).toBeGreaterThan(0)

    // Before the lease time runs out, the others cannot take them.
    env.advance(LEASE_MS - 1)
    await a.heartbeat()
    await b.heartbeat()
    const early = await call('PUT', leasePath('fo', 'failover', (orphaned[0] as Held).partition), {
      memberId: 'a',
    })
    expect(early.status).toBe(409)
    expect(early.body.error).toMatchObject({ code: 'LEASE_HELD', owner: 'killed' })

    // The killed member never renews: one more renewal interval and its leases are free.
    env.advance(2)
    await a.balance()
    await b.balance()
    const held = [...a.held, ...b.held]
    expect(held.map((h) => h.partition).sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7])
    for (const o of orphaned) {
      const now = held.find((h) => h.partition === o.partition) as Held
      expect(now.epoch).toBe(o.epoch + 1)
    }
  })

  it('fences a paused member that wakes after its lease expired: its commit is refused', async () => {
    await createTopic(call, 'zombie', 1)
    await produce(call, 'zombie', 0, ['a', 'b', 'c', 'd'])
    const paused = new SimulatedMember('zg', 'paused', 'zombie', 1)
    const successor = new SimulatedMember('zg', 'successor', 'zombie', 1)
    await paused.heartbeat()
    await paused.balance()
    const stale = paused.held[0] as Held
    const commit = (memberId: string, offset: number, epoch: number) =>
      call('POST', '/v1/groups/zg/offsets', {
        topic: 'zombie',
        memberId,
        offsets: [{ partition: 0, offset, epoch }],
      })
    expect((await commit('paused', 1, stale.epoch)).status).toBe(200)

    env.advance(LEASE_MS + 1) // paused: a long GC pause, a frozen laptop
    await successor.balance()
    const fresh = successor.held[0] as Held
    expect(fresh.epoch).toBe(stale.epoch + 1)
    expect((await commit('successor', 3, fresh.epoch)).status).toBe(200)

    const zombie = await commit('paused', 2, stale.epoch)
    expect(zombie.status).toBe(409)
    expect(zombie.body.error).toMatchObject({ code: 'FENCED', retriable: false })
    const offsets = await call('GET', '/v1/groups/zg/offsets?topic=zombie')
    expect(offsets.body.offsets).toEqual([{ topic: 'zombie', partition: 0, offset: 3 }])
    // Its next heartbeat tells it the lease is gone, so it stops processing the partition.
    const view = await paused.heartbeat()
    expect(view.lost).toEqual([stale])
    expect(paused.held).toEqual([])
  })

  it('renews a lease keeping its epoch, releases it, and the next owner gets a higher epoch', async () => {
    await createTopic(call, 'renew', 1)
    for (const id of ['x', 'y']) await call('PUT', `/v1/groups/rg/members/${id}`, { topics: ['renew'] })
    const first = await call('PUT', leasePath('rg', 'renew', 0), { memberId: 'x', leaseMs: 5000 })
    expect(first.body).toMatchObject({ memberId: 'x', epoch: 1, committedOffset: null })
    expect(first.body.expiresAt).toBe(env.clock.now + 5000)
    env.advance(1000)
    const renewed = await call('PUT', leasePath('rg', 'renew', 0), { memberId: 'x', leaseMs: 5000 })
    expect(renewed.body).toMatchObject({ epoch: 1, expiresAt: env.clock.now + 5000 })
    expect((await call('DELETE', `${leasePath('rg', 'renew', 0)}?memberId=x&epoch=1`)).status).toBe(204)
    const next = await call('PUT', leasePath('rg', 'renew', 0), { memberId: 'y' })
    expect(next.body).toMatchObject({ memberId: 'y', epoch: 2 })
  })

  it('releases every lease of a member that leaves', async () => {
    await createTopic(call, 'leave', 2)
    await call('PUT', '/v1/groups/lg/members/m', { topics: ['leave'] })
    for (const p of [0, 1]) await call('PUT', leasePath('lg', 'leave', p), { memberId: 'm' })
    expect((await call('DELETE', '/v1/groups/lg/members/m')).status).toBe(204)
    const described = await call('GET', '/v1/groups/lg')
    expect(described.body.members).toEqual([])
    expect(described.body.topics[0].partitions.map((p: { owner: string | null }) => p.owner)).toEqual([
      null,
      null,
    ])
  })
})
