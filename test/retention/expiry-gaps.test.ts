import { DeleteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningService } from '../../functions/local/serve.js'
import { type AwsClients, createAwsClients } from '../../functions/storage/clients.js'
import type { StorageConfig } from '../../functions/storage/config.js'
import { ManualClock } from '../engine/support/storage-faults.js'
import { api } from '../support/http.js'
import { startTestService, testStorage } from '../support/service.js'

/**
 * Entries that expire out of offset order, and entries that TTL deleted behind a reader. Time is a
 * manual clock a month ahead of the wall clock, so that DynamoDB Local's own TTL sweep (which runs on
 * the wall clock) deletes nothing by itself: the test deletes what TTL would, when it would.
 */

const clock = new ManualClock(Date.now() + 30 * 24 * 3600 * 1000)
let storage: StorageConfig
let clients: AwsClients
let service: RunningService
let call: ReturnType<typeof api>

beforeAll(async () => {
  storage = testStorage()
  clients = createAwsClients(storage)
  service = await startTestService({ storage, engine: { now: clock.now } })
  call = api(service.url)
})
afterAll(async () => {
  await service.stop()
  clients.dynamo.destroy()
  clients.s3.destroy()
})

async function produce(topic: string, values: string[]): Promise<number[]> {
  const answer = await call('POST', `/v1/topics/${topic}/records`, {
    records: values.map((value) => ({ value, partition: 0 })),
  })
  expect(answer.status, JSON.stringify(answer.body)).toBe(200)
  return answer.body.records.map((r: { offset: number }) => r.offset)
}

const fetchAt = (topic: string, offset: number) =>
  call('GET', `/v1/topics/${topic}/partitions/0/records?offset=${offset}`)

/** What a fetch answered, records reduced to their offsets and values. */
async function read(topic: string, offset: number) {
  const answer = await fetchAt(topic, offset)
  expect(answer.status, JSON.stringify(answer.body)).toBe(200)
  const { records, ...bounds } = answer.body
  return { records: records.map((r: { offset: number; value: string }) => [r.offset, r.value]), ...bounds }
}

/**
 * Deletes the partition's index entries below `end`, as DynamoDB's TTL sweep does once they have
 * expired (on the wall clock, which this test's clock is ahead of).
 */
async function deleteAsTtlWould(topic: string, end: number) {
  const meta = await service.deps.catalog.get(topic)
  const pk = `p#${meta?.topicId}#0`
  const out = await clients.doc.send(
    new QueryCommand({
      TableName: storage.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :entries)',
      ExpressionAttributeValues: { ':pk': pk, ':entries': 'e#' },
      ConsistentRead: true,
    }),
  )
  const doomed = (out.Items ?? []).filter((item) => (item.base as number) < end)
  expect(doomed.length).toBeGreaterThan(0)
  for (const item of doomed) {
    await clients.doc.send(new DeleteCommand({ TableName: storage.table, Key: { pk, sk: item.sk } }))
  }
}

describe('entries that expire out of offset order', () => {
  it('are gaps a fetch reads past, not the end of the log; startOffset is the first live entry', async () => {
    await call('POST', '/v1/topics', { name: 'mixed', retentionMs: 60_000 })
    expect(await produce('mixed', ['kept'])).toEqual([0])
    expect((await call('PATCH', '/v1/topics/mixed', { retentionMs: 1000 })).status).toBe(200)
    expect(await produce('mixed', ['gone-1', 'gone-2'])).toEqual([1, 2])
    clock.advance(1500)
    expect(await produce('mixed', ['fresh'])).toEqual([3])

    // Offsets 1 and 2 expired before offset 0 will: they are a gap inside the log.
    const live = { startOffset: 0, endOffset: 4 }
    expect(await read('mixed', 1)).toEqual({ records: [[3, 'fresh']], nextOffset: 4, ...live })
    expect(await read('mixed', 2)).toEqual({ records: [[3, 'fresh']], nextOffset: 4, ...live })
    expect(await read('mixed', 0)).toEqual({
      records: [
        [0, 'kept'],
        [3, 'fresh'],
      ],
      nextOffset: 4,
      ...live,
    })
    expect((await call('GET', '/v1/topics/mixed')).body.offsets).toEqual([{ partition: 0, ...live }])

    // Once every entry at the front has expired, an offset among them is below startOffset: 416.
    clock.advance(60_000)
    expect(await produce('mixed', ['late'])).toEqual([4])
    const below = await fetchAt('mixed', 1)
    expect(below.status).toBe(416)
    expect(below.body.error).toMatchObject({ code: 'OFFSET_OUT_OF_RANGE', startOffset: 4, endOffset: 5 })
    expect(await read('mixed', 4)).toEqual({
      records: [[4, 'late']],
      nextOffset: 5,
      startOffset: 4,
      endOffset: 5,
    })
  })
})

describe('entries that TTL deleted above a stale high-watermark hint', () => {
  it('do not send a reader that already passed them back with a 416, nor lower its endOffset', async () => {
    const topic = 'tailed'
    await call('POST', '/v1/topics', { name: topic, retentionMs: 60_000 })
    // Four entries: too few for a reader to raise the partition's stored high watermark past them.
    for (const value of ['a', 'b', 'c', 'd']) await produce(topic, [value])
    const caughtUp = await read(topic, 0)
    expect(caughtUp).toMatchObject({ nextOffset: 4, endOffset: 4 })
    expect(caughtUp.records).toHaveLength(4)

    clock.advance(61_000)
    await deleteAsTtlWould(topic, 4)
    expect(await produce(topic, ['e'])).toEqual([4])

    // The walk from the stored watermark (0) meets a gap followed by an entry younger than the hole
    // timeout: it cannot tell TTL's gap from a write still in flight, so the reader waits at 4.
    const waiting = { records: [], nextOffset: 4, endOffset: 4 }
    expect(await read(topic, 4)).toMatchObject(waiting)
    const many = await call('POST', '/v1/fetch', { partitions: [{ topic, partition: 0, offset: 4 }] })
    expect(many.status).toBe(200)
    expect(many.body.partitions[0]).toMatchObject(waiting)
    // Beyond the last offset handed out is still out of range.
    expect((await fetchAt(topic, 6)).status).toBe(416)

    // Past the hole timeout the gap is settled and the record arrives; endOffset only grew.
    clock.advance(service.deps.timing.holeTimeoutMs + 1)
    expect(await read(topic, 4)).toMatchObject({ records: [[4, 'e']], nextOffset: 5, endOffset: 5 })
    expect((await call('GET', `/v1/topics/${topic}`)).body.offsets[0].endOffset).toBe(5)
  })

  it('are behind the stored high watermark once a read has walked over them expired', async () => {
    const topic = 'walked'
    await call('POST', '/v1/topics', { name: topic, retentionMs: 60_000 })
    for (const value of ['a', 'b', 'c', 'd']) await produce(topic, [value])
    expect(await read(topic, 0)).toMatchObject({ nextOffset: 4, endOffset: 4 })

    // A poll after they expired, before TTL deleted them, walks over them from the old hint.
    clock.advance(61_000)
    expect(await read(topic, 4)).toMatchObject({ records: [], nextOffset: 4, endOffset: 4 })
    await deleteAsTtlWould(topic, 4)
    expect(await produce(topic, ['e'])).toEqual([4])

    // The next walk starts past the gap: the record comes at once, not after the hole timeout.
    expect(await read(topic, 4)).toMatchObject({ records: [[4, 'e']], nextOffset: 5, endOffset: 5 })
    expect((await call('GET', `/v1/topics/${topic}`)).body.offsets[0]).toMatchObject({ endOffset: 5 })
  })
})
