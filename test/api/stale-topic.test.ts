import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningService } from '../../functions/local/serve.js'
import { DynamoLogIndex } from '../../functions/storage/dynamo-log-index.js'
import { PartitionHeadMissingError } from '../../functions/storage/log-index.js'
import { countingClients } from '../support/dynamo-requests.js'
import { api } from '../support/http.js'
import { startTestService } from '../support/service.js'

// Two instances over one table and bucket, as the produce and admin functions are in AWS: the
// producer remembers topic metadata, and the admin instance changes the topics behind its back.
const dynamo = countingClients()
let producer: RunningService
let admin: RunningService
let produceCall: ReturnType<typeof api>
let adminCall: ReturnType<typeof api>

beforeAll(async () => {
  producer = await startTestService({ storage: dynamo.storage, engine: { clients: dynamo.clients } })
  admin = await startTestService({ storage: dynamo.storage })
  produceCall = api(producer.url)
  adminCall = api(admin.url)
})
afterAll(async () => {
  await producer.stop()
  await admin.stop()
  dynamo.destroy()
})

const produce = (topic: string, records: unknown[]) =>
  produceCall('POST', `/v1/topics/${topic}/records`, { records })
const values = async (topic: string, partition = 0) =>
  (await adminCall('GET', `/v1/topics/${topic}/partitions/${partition}/records`)).body.records.map(
    (r: { offset: number; value: string }) => [r.offset, r.value],
  )

describe('a producer holding topic metadata from an earlier request', () => {
  it('appends a small record with two DynamoDB writes and no topic read', async () => {
    await adminCall('POST', '/v1/topics', { name: 'steady' })
    expect((await produce('steady', [{ value: 'first' }])).status).toBe(200)
    dynamo.reset()
    const second = await produce('steady', [{ value: 'second' }])
    expect(second.body.records[0].offset).toBe(1)
    expect(dynamo.requests.map((r) => r.command)).toEqual(['UpdateItem', 'PutItem'])
    expect(await values('steady')).toEqual([
      [0, 'first'],
      [1, 'second'],
    ])
  })

  it('is refused with 404 once the topic is deleted elsewhere, and writes nothing', async () => {
    await adminCall('POST', '/v1/topics', { name: 'doomed' })
    expect((await produce('doomed', [{ value: 'kept' }])).status).toBe(200)
    expect((await adminCall('DELETE', '/v1/topics/doomed')).status).toBe(204)

    dynamo.reset()
    const late = await produce('doomed', [{ value: 'late' }])
    expect(late.status).toBe(404)
    expect(late.body.error).toMatchObject({ code: 'TOPIC_NOT_FOUND', topic: 'doomed' })
    // The reservation found no head (a failed conditional write, which the counter does not see),
    // so no offset was taken and no entry written; the topic was read once, to tell why.
    expect(dynamo.writes).toEqual([])
    expect(dynamo.requests.map((r) => r.command)).toEqual(['GetItem'])
  })

  it('appends to the new incarnation of a topic deleted and created again elsewhere, from offset 0', async () => {
    await adminCall('POST', '/v1/topics', { name: 'phoenix', partitions: 2 })
    await produce('phoenix', [
      { value: 'old-0', partition: 1 },
      { value: 'old-1', partition: 1 },
    ])
    await adminCall('DELETE', '/v1/topics/phoenix')
    await adminCall('POST', '/v1/topics', { name: 'phoenix', partitions: 2 })

    const reborn = await produce('phoenix', [{ value: 'new', partition: 1 }])
    expect(reborn.status).toBe(200)
    expect(reborn.body.records[0]).toMatchObject({ partition: 1, offset: 0 })
    expect(await values('phoenix', 1)).toEqual([[0, 'new']])
  })

  it('refuses a partition the new incarnation lacks', async () => {
    await adminCall('POST', '/v1/topics', { name: 'shrunk', partitions: 3 })
    await produce('shrunk', [{ value: 'x', partition: 2 }])
    await adminCall('DELETE', '/v1/topics/shrunk')
    await adminCall('POST', '/v1/topics', { name: 'shrunk', partitions: 1 })

    const refused = await produce('shrunk', [{ value: 'y', partition: 2 }])
    expect(refused.status).toBe(400)
    expect(refused.body.error.code).toBe('INVALID_REQUEST')
    expect((await adminCall('GET', '/v1/topics/shrunk')).body.offsets).toEqual([
      { partition: 0, startOffset: 0, endOffset: 0 },
    ])
  })

  it('takes a record for a partition added elsewhere at once', async () => {
    await adminCall('POST', '/v1/topics', { name: 'growing' })
    await produce('growing', [{ value: 'a' }])
    expect((await adminCall('PATCH', '/v1/topics/growing', { partitions: 3 })).status).toBe(200)

    const grown = await produce('growing', [{ value: 'b', partition: 2 }])
    expect(grown.status).toBe(200)
    expect(grown.body.records[0]).toMatchObject({ partition: 2, offset: 0 })
    expect(await values('growing', 2)).toEqual([[0, 'b']])
  })
})

describe('partition heads', () => {
  it('stay retired when a reader raises its hints or a writer creates them afterwards, so reservations keep failing', async () => {
    const index = new DynamoLogIndex(dynamo.clients.doc, dynamo.storage.table)
    const ref = { topicId: crypto.randomUUID(), partition: 0 }
    await expect(index.reserve(ref, 1, Date.now())).rejects.toBeInstanceOf(PartitionHeadMissingError)
    await index.createHead(ref, Date.now())
    expect(await index.reserve(ref, 2, Date.now())).toBe(0)
    await index.createHead(ref, Date.now()) // a second creation keeps the head as it is
    expect(await index.reserve(ref, 1, Date.now())).toBe(2)

    await index.retireHeads([ref], Date.now() + 60_000)
    await index.raiseHints(ref, { start: 1, hw: 3 })
    await expect(index.reserve(ref, 1, Date.now())).rejects.toBeInstanceOf(PartitionHeadMissingError)
    await index.createHead(ref, Date.now())
    await expect(index.reserve(ref, 1, Date.now())).rejects.toBeInstanceOf(PartitionHeadMissingError)
  })
})
