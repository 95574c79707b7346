import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningService } from '../../functions/local/serve.js'
import { countingClients } from '../support/dynamo-requests.js'
import { api } from '../support/http.js'
import { startTestService } from '../support/service.js'
import { type Call, createTopic, produce } from './support.js'

const dynamo = countingClients()
let service: RunningService
let call: Call

beforeAll(async () => {
  service = await startTestService({ storage: dynamo.storage, engine: { clients: dynamo.clients } })
  call = api(service.url)
  await createTopic(call, 'idle', 8)
  await produce(call, 'idle', 3, ['first'])
})
afterAll(async () => {
  await service.stop()
  dynamo.destroy()
})

const PARTITIONS = [0, 1, 2, 3, 4, 5, 6, 7]

const poll = (offsets: number[]) =>
  call('POST', '/v1/fetch', {
    partitions: offsets.map((offset, partition) => ({ topic: 'idle', partition, offset })),
    waitMs: 0,
  })

describe('POST /v1/fetch on idle partitions', () => {
  it('answers an idle poll of eight partitions with one BatchGetItem and nothing else', async () => {
    const first = await poll(PARTITIONS.map(() => 0))
    expect(first.status).toBe(200)
    expect(first.body.partitions[3].records.map((r: { value: string }) => r.value)).toEqual(['first'])
    for (const p of PARTITIONS.filter((p) => p !== 3)) {
      expect(first.body.partitions[p]).toEqual({
        topic: 'idle',
        partition: p,
        records: [],
        nextOffset: 0,
        startOffset: 0,
        endOffset: 0,
      })
    }

    dynamo.reset()
    const idle = await poll(PARTITIONS.map((p) => (p === 3 ? 1 : 0)))
    expect(idle.body.partitions.map((p: { records: unknown[] }) => p.records)).toEqual(
      PARTITIONS.map(() => []),
    )
    expect(idle.body.partitions[3]).toMatchObject({ nextOffset: 1, endOffset: 1, startOffset: 0 })
    expect(dynamo.requests.map((r) => r.command)).toEqual(['BatchGetItem'])
    expect(dynamo.requests[0]?.readUnits).toBeLessThanOrEqual(4) // 8 small items, half a unit each
    console.log('idle poll of 8 partitions:', JSON.stringify(dynamo.requests))
  })

  it('reads in full only the partition whose head moved, and picks its record up', async () => {
    await produce(call, 'idle', 5, ['second'])
    dynamo.reset()
    const moved = await poll(PARTITIONS.map((p) => (p === 3 ? 1 : 0)))
    expect(moved.body.partitions[5].records.map((r: { value: string }) => r.value)).toEqual(['second'])
    expect(moved.body.partitions[5]).toMatchObject({ nextOffset: 1, endOffset: 1 })
    const commands = dynamo.requests.map((r) => r.command)
    expect(commands[0]).toBe('BatchGetItem')
    // One partition read in full: its head and entries, and the topic as it is now (one of each).
    expect(commands.filter((c) => c === 'Query').length).toBeLessThanOrEqual(2)
    expect(commands.filter((c) => c === 'BatchGetItem')).toHaveLength(1)
  })

  it('still answers out-of-range offsets with their own error, and earliest/latest with the bounds', async () => {
    const out = await call('POST', '/v1/fetch', {
      partitions: [
        { topic: 'idle', partition: 0, offset: 99 },
        { topic: 'idle', partition: 3, offset: 'latest' },
        { topic: 'idle', partition: 5, offset: 'earliest' },
      ],
    })
    expect(out.body.partitions[0].error).toMatchObject({ code: 'OFFSET_OUT_OF_RANGE', endOffset: 0 })
    expect(out.body.partitions[1]).toMatchObject({ records: [], nextOffset: 1, endOffset: 1 })
    expect(out.body.partitions[2].records.map((r: { value: string }) => r.value)).toEqual(['second'])
  })

  it('sees a partition added to the topic since the topic was last read', async () => {
    expect((await call('PATCH', '/v1/topics/idle', { partitions: 9 })).status).toBe(200)
    const out = await call('POST', '/v1/fetch', { partitions: [{ topic: 'idle', partition: 8, offset: 0 }] })
    expect(out.status).toBe(200)
    expect(out.body.partitions[0]).toMatchObject({ partition: 8, records: [], nextOffset: 0 })
  })
})
