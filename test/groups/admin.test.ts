import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Call, createTopic, groupState, leasePath, produce, startClockedService } from './support.js'

let env: Awaited<ReturnType<typeof startClockedService>>
let call: Call

beforeAll(async () => {
  env = await startClockedService()
  call = env.call
  await createTopic(call, 'orders', 2)
  await produce(call, 'orders', 0, ['a', 'b', 'c', 'd'])
  await produce(call, 'orders', 1, ['e'])
})
afterAll(() => env.service.stop())

describe('offsets, describe, list, reset, delete', () => {
  it('describes committed offsets, end offsets, lag and leases; lists groups', async () => {
    await call('PUT', '/v1/groups/billing/members/m1', { topics: ['orders'] })
    const lease = await call('PUT', leasePath('billing', 'orders', 0), { memberId: 'm1', leaseMs: 5000 })
    const commit = await call('POST', '/v1/groups/billing/offsets', {
      topic: 'orders',
      memberId: 'm1',
      offsets: [{ partition: 0, offset: 3, epoch: lease.body.epoch }],
    })
    expect(commit.status, JSON.stringify(commit.body)).toBe(200)
    const described = await call('GET', '/v1/groups/billing')
    expect(described.body).toMatchObject({
      group: 'billing',
      members: [{ memberId: 'm1', topics: ['orders'] }],
      topics: [
        {
          topic: 'orders',
          partitions: [
            { partition: 0, committedOffset: 3, endOffset: 4, lag: 1, owner: 'm1', epoch: 1 },
            { partition: 1, committedOffset: null, endOffset: 1, lag: null, owner: null, epoch: 0 },
          ],
        },
      ],
    })
    expect(described.body.topics[0].partitions[0].leaseExpiresAt).toBe(lease.body.expiresAt)
    await call('POST', '/v1/groups/audit/offsets', {
      topic: 'orders',
      offsets: [{ partition: 1, offset: 1 }],
    })
    const list = await call('GET', '/v1/groups')
    expect(list.body.groups).toEqual(
      expect.arrayContaining([
        { group: 'audit', topics: ['orders'] },
        { group: 'billing', topics: ['orders'] },
      ]),
    )
  })

  it('resets to earliest, latest, a timestamp or given offsets once no lease is live', async () => {
    await call('PUT', '/v1/groups/reset/members/m', { topics: ['orders'], sessionMs: 1000 })
    await call('PUT', leasePath('reset', 'orders', 1), { memberId: 'm', leaseMs: 1000 })
    const active = await call('PUT', '/v1/groups/reset/topics/orders/offsets', { to: 'latest' })
    expect(active.status).toBe(409)
    expect(active.body.error).toMatchObject({ code: 'GROUP_ACTIVE', owner: 'm', partition: 1 })
    expect((await call('GET', '/v1/groups/reset/offsets')).body.offsets).toEqual([])

    env.advance(1001)
    const latest = await call('PUT', '/v1/groups/reset/topics/orders/offsets', { to: 'latest' })
    expect(latest.body.offsets).toEqual([
      { topic: 'orders', partition: 0, offset: 4 },
      { topic: 'orders', partition: 1, offset: 1 },
    ])
    await call('PUT', '/v1/groups/reset/topics/orders/offsets', { to: 'earliest' })
    expect((await call('GET', '/v1/groups/reset/offsets?topic=orders')).body.offsets).toEqual([
      { topic: 'orders', partition: 0, offset: 0 },
      { topic: 'orders', partition: 1, offset: 0 },
    ])
    await call('PUT', '/v1/groups/reset/topics/orders/offsets', { timestamp: env.clock.now + 60_000 })
    expect(
      (await call('GET', '/v1/groups/reset/offsets')).body.offsets.map((o: { offset: number }) => o.offset),
    ).toEqual([4, 1])
    await call('PUT', '/v1/groups/reset/topics/orders/offsets', { offsets: [{ partition: 0, offset: 2 }] })
    expect((await call('GET', '/v1/groups/reset/offsets')).body.offsets[0].offset).toBe(2)

    // The expired lease's owner cannot renew past the reset: it must take the lease again, at a new epoch.
    const heartbeat = await call('POST', '/v1/groups/reset/members/m/heartbeat', {
      topics: ['orders'],
      leases: [{ topic: 'orders', partition: 1, epoch: 1 }],
    })
    expect(heartbeat.body.lost).toEqual([{ topic: 'orders', partition: 1, epoch: 1 }])
    const again = await call('PUT', leasePath('reset', 'orders', 1), { memberId: 'm' })
    expect(again.body).toMatchObject({ epoch: 2, committedOffset: 1 })
  })

  it('deletes a group once no lease is live', async () => {
    await call('PUT', '/v1/groups/doomed/members/m', { topics: ['orders'] })
    await call('PUT', leasePath('doomed', 'orders', 0), { memberId: 'm', leaseMs: 1000 })
    const refused = await call('DELETE', '/v1/groups/doomed')
    expect(refused.status).toBe(409)
    expect(refused.body.error.code).toBe('GROUP_ACTIVE')
    expect((await call('GET', '/v1/groups/doomed')).status).toBe(200)
    env.advance(1001)
    expect((await call('DELETE', '/v1/groups/doomed')).status).toBe(204)
    const gone = await call('GET', '/v1/groups/doomed')
    expect(gone.status).toBe(404)
    expect(gone.body.error.code).toBe('GROUP_NOT_FOUND')
    expect(
      (await call('GET', '/v1/groups')).body.groups.map((g: { group: string }) => g.group),
    ).not.toContain('doomed')
  })

  it('heartbeats renew every lease held in one request and report the group', async () => {
    await call('PUT', '/v1/groups/hb/members/a', { topics: ['orders'] })
    const leases = []
    for (const p of [0, 1]) {
      const l = await call('PUT', leasePath('hb', 'orders', p), { memberId: 'a', leaseMs: 2000 })
      leases.push({ topic: 'orders', partition: p, epoch: l.body.epoch })
    }
    env.advance(1500)
    const beat = await call('POST', '/v1/groups/hb/members/a/heartbeat', {
      topics: ['orders'],
      leaseMs: 2000,
      leases,
    })
    expect(beat.status).toBe(200)
    expect(beat.body.renewed.map((r: { expiresAt: number }) => r.expiresAt)).toEqual([
      env.clock.now + 2000,
      env.clock.now + 2000,
    ])
    expect(beat.body.lost).toEqual([])
    expect(beat.body.members.map((m: { memberId: string }) => m.memberId)).toEqual(['a'])
    expect(beat.body.leases.map((l: { owner: string }) => l.owner)).toEqual(['a', 'a'])
    expect(beat.body.topics).toEqual([{ topic: 'orders', partitions: 2 }])
    env.advance(1500) // past the original expiry: only the renewal keeps them
    const other = await call('PUT', '/v1/groups/hb/members/b', { topics: ['orders'] })
    expect(other.body.members).toHaveLength(2)
    expect((await call('PUT', leasePath('hb', 'orders', 0), { memberId: 'b' })).status).toBe(409)
  })

  it('fetches several partitions in one request and long-polls across them', async () => {
    await createTopic(call, 'multi', 3)
    await produce(call, 'multi', 2, ['early'])
    const first = await call('POST', '/v1/fetch', {
      partitions: [
        { topic: 'multi', partition: 0, offset: 0 },
        { topic: 'multi', partition: 2, offset: 0 },
        { topic: 'orders', partition: 0, offset: 99 },
      ],
    })
    expect(first.status).toBe(200)
    expect(first.body.partitions[0]).toMatchObject({ partition: 0, records: [], nextOffset: 0 })
    expect(first.body.partitions[1].records.map((r: { value: string }) => r.value)).toEqual(['early'])
    expect(first.body.partitions[2].error).toMatchObject({ code: 'OFFSET_OUT_OF_RANGE', endOffset: 4 })

    const waiting = call('POST', '/v1/fetch', {
      partitions: [0, 1].map((partition) => ({ topic: 'multi', partition, offset: 0 })),
      waitMs: 20_000,
    })
    await produce(call, 'multi', 1, ['late'])
    const woken = await waiting
    expect(woken.body.partitions[1].records.map((r: { value: string }) => r.value)).toEqual(['late'])
  })
})

describe('bad input changes nothing', () => {
  it('refuses wrong epochs, unknown members, times out of range, commits past the end', async () => {
    await call('PUT', '/v1/groups/strict/members/owner', { topics: ['orders'] })
    const lease = await call('PUT', leasePath('strict', 'orders', 0), { memberId: 'owner' })
    await call('POST', '/v1/groups/strict/offsets', {
      topic: 'orders',
      memberId: 'owner',
      offsets: [{ partition: 0, offset: 1, epoch: lease.body.epoch }],
    })
    const before = await groupState(call, 'strict')
    const refused: [string, string, unknown, number, string][] = [
      ['PUT', '/v1/groups/strict/members/x', { topics: ['orders'], sessionMs: 999 }, 400, 'INVALID_REQUEST'],
      [
        'PUT',
        '/v1/groups/strict/members/x',
        { topics: ['orders'], sessionMs: 300_001 },
        400,
        'INVALID_REQUEST',
      ],
      ['PUT', '/v1/groups/strict/members/x', { topics: [] }, 400, 'INVALID_REQUEST'],
      ['PUT', '/v1/groups/strict/members/x', { topics: ['orders'], extra: 1 }, 400, 'INVALID_REQUEST'],
      ['PUT', '/v1/groups/strict/members/bad%20id', { topics: ['orders'] }, 400, 'INVALID_REQUEST'],
      ['PUT', leasePath('strict', 'orders', 1), { memberId: 'owner', leaseMs: 999 }, 400, 'INVALID_REQUEST'],
      [
        'PUT',
        leasePath('strict', 'orders', 1),
        { memberId: 'owner', leaseMs: 300_001 },
        400,
        'INVALID_REQUEST',
      ],
      [
        'PUT',
        leasePath('strict', 'orders', 1),
        { memberId: 'owner', incarnation: 'not a name' },
        400,
        'INVALID_REQUEST',
      ],
      ['PUT', leasePath('strict', 'orders', 2), { memberId: 'owner' }, 400, 'INVALID_REQUEST'],
      ['PUT', leasePath('strict', 'nope', 0), { memberId: 'owner' }, 404, 'TOPIC_NOT_FOUND'],
      [
        'PUT',
        leasePath('strict', 'orders', 0),
        { memberId: 'owner', leaseMs: 'long' },
        400,
        'INVALID_REQUEST',
      ],
      ['DELETE', `${leasePath('strict', 'orders', 0)}?memberId=owner&epoch=99`, undefined, 409, 'FENCED'],
      ['DELETE', `${leasePath('strict', 'orders', 0)}?memberId=stranger&epoch=1`, undefined, 409, 'FENCED'],
      ['DELETE', `${leasePath('strict', 'orders', 0)}?memberId=owner`, undefined, 400, 'INVALID_REQUEST'],
      [
        'POST',
        '/v1/groups/strict/offsets',
        { topic: 'orders', memberId: 'owner', offsets: [{ partition: 0, offset: 2, epoch: 99 }] },
        409,
        'FENCED',
      ],
      [
        'POST',
        '/v1/groups/strict/offsets',
        { topic: 'orders', memberId: 'stranger', offsets: [{ partition: 0, offset: 2, epoch: 1 }] },
        409,
        'FENCED',
      ],
      [
        'POST',
        '/v1/groups/strict/offsets',
        { topic: 'orders', offsets: [{ partition: 0, offset: 2 }] },
        409,
        'FENCED',
      ],
      [
        'POST',
        '/v1/groups/strict/offsets',
        { topic: 'orders', offsets: [{ partition: 0, offset: 2, epoch: 1 }] },
        400,
        'INVALID_REQUEST',
      ],
      [
        'POST',
        '/v1/groups/strict/offsets',
        { topic: 'orders', memberId: 'owner', offsets: [{ partition: 0, offset: 5, epoch: 1 }] },
        416,
        'OFFSET_OUT_OF_RANGE',
      ],
      [
        'POST',
        '/v1/groups/strict/offsets',
        // All or nothing: the good partition 1 is not committed either.
        {
          topic: 'orders',
          offsets: [
            { partition: 1, offset: 1 },
            { partition: 0, offset: 2 },
          ],
        },
        409,
        'FENCED',
      ],
      [
        'POST',
        '/v1/groups/strict/offsets',
        {
          topic: 'orders',
          offsets: [
            { partition: 1, offset: 1 },
            { partition: 1, offset: 0 },
          ],
        },
        400,
        'INVALID_REQUEST',
      ],
      [
        'POST',
        '/v1/groups/strict/offsets',
        { topic: 'orders', offsets: [{ partition: 1, offset: -1 }] },
        400,
        'INVALID_REQUEST',
      ],
      ['PUT', '/v1/groups/strict/topics/orders/offsets', { to: 'earliest' }, 409, 'GROUP_ACTIVE'],
      ['PUT', '/v1/groups/strict/topics/orders/offsets', { to: 'middle' }, 400, 'INVALID_REQUEST'],
      [
        'PUT',
        '/v1/groups/strict/topics/orders/offsets',
        { offsets: [{ partition: 1, offset: 9 }] },
        416,
        'OFFSET_OUT_OF_RANGE',
      ],
      ['DELETE', '/v1/groups/strict', undefined, 409, 'GROUP_ACTIVE'],
      ['GET', '/v1/groups/strict/offsets?topic=bad%20name', undefined, 400, 'INVALID_REQUEST'],
      [
        'POST',
        '/v1/groups/strict/members/owner/heartbeat',
        { topics: ['orders'], leaseMs: 100 },
        400,
        'INVALID_REQUEST',
      ],
      ['POST', '/v1/fetch', { partitions: [] }, 400, 'INVALID_REQUEST'],
    ]
    for (const [method, path, body, status, code] of refused) {
      const out = await call(method, path, body)
      expect({ method, path, status: out.status, code: out.body?.error?.code }).toEqual({
        method,
        path,
        status,
        code,
      })
    }
    expect(await groupState(call, 'strict')).toEqual(before)
  })

  it('answers 404 GROUP_NOT_FOUND for an unknown group', async () => {
    for (const [method, path] of [
      ['GET', '/v1/groups/ghost'],
      ['GET', '/v1/groups/ghost/offsets'],
      ['DELETE', '/v1/groups/ghost'],
    ] as const) {
      const out = await call(method, path)
      expect(out.status).toBe(404)
      expect(out.body.error.code).toBe('GROUP_NOT_FOUND')
    }
    expect(
      (await call('GET', '/v1/groups')).body.groups.map((g: { group: string }) => g.group),
    ).not.toContain('ghost')
  })
})
