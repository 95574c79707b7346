import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { heldDynamo } from './held-dynamo.js'
import { type Call, createTopic, leasePath, produce, startClockedService } from './support.js'

const dynamo = heldDynamo()
let env: Awaited<ReturnType<typeof startClockedService>>
let call: Call

beforeAll(async () => {
  env = await startClockedService({ storage: dynamo.storage, engine: { clients: dynamo.clients } })
  call = env.call
  await createTopic(call, 'handover', 1)
  await produce(call, 'handover', 0, ['a', 'b', 'c', 'd', 'e'])
})
afterAll(async () => {
  await env.service.stop()
  dynamo.destroy()
})

const LEASE_MS = 3000
const commit = (memberId: string, offset: number, epoch: number) =>
  call('POST', '/v1/groups/takeover/offsets', {
    topic: 'handover',
    memberId,
    offsets: [{ partition: 0, offset, epoch }],
  })

/** Whether a DynamoDB request's input is the write of a committed offset, or a lease takeover. */
const writesOffset = (input: Record<string, unknown>) =>
  JSON.stringify(input.ExpressionAttributeValues ?? {}).includes('":offset"')
const takesOver = (input: Record<string, unknown>) => JSON.stringify(input).includes('ADD epoch')

describe('taking over an expired lease', () => {
  it('answers the committed offset as of the takeover, even when the old owner’s commit lands during it', async () => {
    for (const id of ['old', 'new']) {
      await call('PUT', `/v1/groups/takeover/members/${id}`, { topics: ['handover'], sessionMs: 300_000 })
    }
    const lease = await call('PUT', leasePath('takeover', 'handover', 0), {
      memberId: 'old',
      leaseMs: LEASE_MS,
    })
    expect((await commit('old', 1, lease.body.epoch)).status).toBe(200)

    // The old owner commits while its lease is live; its write is slow on the way to DynamoDB.
    env.advance(LEASE_MS - 1000)
    const slowCommit = dynamo.holdNext('UpdateItemCommand', writesOffset)
    const committing = commit('old', 3, lease.body.epoch)
    await slowCommit.reached

    // The lease expires; the new member reads the lease item (offset 1) and sends its takeover, which
    // is held until the old owner's commit has landed.
    env.advance(1001)
    const slowTakeover = dynamo.holdNext('TransactWriteItemsCommand', takesOver)
    const taking = call('PUT', leasePath('takeover', 'handover', 0), { memberId: 'new', leaseMs: LEASE_MS })
    await slowTakeover.reached
    slowCommit.release()
    expect((await committing).status).toBe(200)
    slowTakeover.release()
    const taken = await taking

    expect(taken.status, JSON.stringify(taken.body)).toBe(200)
    expect(taken.body.epoch).toBe(lease.body.epoch + 1)
    // The new owner starts where the old one got to: nothing is processed twice.
    expect(taken.body.committedOffset).toBe(3)
    // And the old owner can commit nothing more.
    expect((await commit('old', 4, lease.body.epoch)).status).toBe(409)
  })
})
