import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAwsClients } from '../../functions/storage/clients.js'
import { testStorage } from '../support/service.js'
import { type Call, createTopic, leasePath, produce, startClockedService } from './support.js'

/**
 * DynamoDB's answers to writes that met another transaction in flight on the same item, or were
 * throttled: the error bodies DynamoDB sends with its 400, parsed by the real SDK client. The next
 * request of a command gets the answer instead of reaching the stand-in (which cannot be made to
 * conflict on cue).
 */
const storage = testStorage()
const clients = createAwsClients(storage)
const refusals: { command: string; body: Record<string, unknown> }[] = []
clients.dynamo.middlewareStack.add(
  (next, context) => async (args) => {
    const at = refusals.findIndex((r) => r.command === context.commandName)
    if (at < 0) return next(args)
    const [refusal] = refusals.splice(at, 1)
    return {
      output: undefined,
      response: {
        statusCode: 400,
        headers: { 'content-type': 'application/x-amz-json-1.0' },
        body: new TextEncoder().encode(JSON.stringify(refusal?.body)),
      },
    } as Awaited<ReturnType<typeof next>>
  },
  { step: 'deserialize', name: 'refuseNext', priority: 'low' },
)

const canceled = (...reasons: string[]) => ({
  __type: 'com.amazonaws.dynamodb.v20120810#TransactionCanceledException',
  Message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.join(', ')}]`,
  CancellationReasons: reasons.map((Code) => ({ Code })),
})

let env: Awaited<ReturnType<typeof startClockedService>>
let call: Call
let epoch: number

beforeAll(async () => {
  env = await startClockedService({ storage, engine: { clients } })
  call = env.call
  await createTopic(call, 'src', 1)
  await createTopic(call, 'dst', 1)
  await produce(call, 'src', 0, ['a', 'b', 'c'])
  await call('POST', '/v1/groups/busy/members/w/heartbeat', {
    topics: ['src'],
    sessionMs: 300_000,
    leaseMs: 300_000,
    leases: [],
  })
  epoch = (await call('PUT', leasePath('busy', 'src', 0), { memberId: 'w', leaseMs: 1000 })).body.epoch
  // Past the lease's own expiry: only the heartbeat's leasesUntil keeps it, so every commit is a
  // transaction with the check of the member item.
  env.advance(1001)
})
afterAll(async () => {
  await env.service.stop()
  clients.dynamo.destroy()
  clients.s3.destroy()
})

const transaction = (offset: number) => ({
  produce: [{ topic: 'dst', records: [{ value: `out-${offset}` }] }],
  commit: { group: 'busy', topic: 'src', memberId: 'w', offsets: [{ partition: 0, offset, epoch }] },
})
const commit = (offset: number) =>
  call('POST', '/v1/groups/busy/offsets', {
    topic: 'src',
    memberId: 'w',
    offsets: [{ partition: 0, offset, epoch }],
  })

async function outputs() {
  const read = await call('GET', '/v1/topics/dst/partitions/0/records')
  return read.body.records.map((r: { value: string }) => r.value)
}

describe('a write that lost to a transaction in flight, or was throttled, is a retriable 503', () => {
  it.each([
    ['a transaction conflict', canceled('None', 'TransactionConflict', 'None')],
    ['throttling inside the transaction', canceled('ThrottlingError', 'None', 'None')],
    ['provisioned throughput exceeded inside it', canceled('None', 'ProvisionedThroughputExceeded', 'None')],
  ])('POST /v1/transactions canceled by %s', async (_why, answer) => {
    const before = await outputs()
    refusals.push({ command: 'TransactWriteItemsCommand', body: answer })
    const out = await call('POST', '/v1/transactions', transaction(before.length + 1))
    expect(out.status, JSON.stringify(out.body)).toBe(503)
    expect(out.body.error).toMatchObject({ code: 'UNAVAILABLE', retriable: true })
    expect(await outputs()).toEqual(before)
    // The retry the 503 invites goes through.
    expect((await call('POST', '/v1/transactions', transaction(before.length + 1))).status).toBe(200)
  })

  it('a fenced offset commit (with the member check) canceled by a transaction conflict', async () => {
    refusals.push({ command: 'TransactWriteItemsCommand', body: canceled('TransactionConflict', 'None') })
    const out = await commit(2)
    expect(out.status, JSON.stringify(out.body)).toBe(503)
    expect(out.body.error).toMatchObject({ code: 'UNAVAILABLE', retriable: true })
  })

  it('a fenced offset commit (one conditional write) meeting a transaction in flight', async () => {
    // A lease whose own expiry covers the commit: the commit is one conditional UpdateItem.
    await call('PUT', leasePath('busy', 'src', 0), { memberId: 'w', leaseMs: 300_000 })
    refusals.push({
      command: 'UpdateItemCommand',
      body: {
        __type: 'com.amazonaws.dynamodb.v20120810#TransactionConflictException',
        message: 'Transaction is ongoing for the item',
      },
    })
    const out = await commit(2)
    expect(out.status, JSON.stringify(out.body)).toBe(503)
    expect(out.body.error).toMatchObject({ code: 'UNAVAILABLE', retriable: true })
    expect((await commit(2)).status).toBe(200)
  })
})
