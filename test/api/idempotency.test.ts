import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningService } from '../../functions/local/serve.js'
import { Sluice } from '../../sdk/src/index.js'
import { api } from '../support/http.js'
import { startTestService } from '../support/service.js'

let service: RunningService
let call: ReturnType<typeof api>

beforeAll(async () => {
  service = await startTestService()
  call = api(service.url)
})
afterAll(() => service.stop())

describe('an idempotent produce of the largest request the contract allows', () => {
  it('answers 200, and the same answer again on a retry, for 10,000 keyed records over 8 partitions', async () => {
    expect((await call('POST', '/v1/topics', { name: 'big', partitions: 8 })).status).toBe(201)
    const records = Array.from({ length: 10_000 }, (_, i) => ({
      key: `k${i % 97}`,
      value: `v${i}`,
      ...(i % 3 === 0 ? { timestamp: 1_700_000_000_000 + i } : {}),
    }))
    const headers = { 'idempotency-key': 'big-1' }
    const first = await call('POST', '/v1/topics/big/records', { records }, headers)
    expect(first.status, JSON.stringify(first.body).slice(0, 300)).toBe(200)
    expect(first.body.records).toHaveLength(10_000)
    const again = await call('POST', '/v1/topics/big/records', { records }, headers)
    expect(again.status).toBe(200)
    expect(again.body).toEqual(first.body)
    const described = await call('GET', '/v1/topics/big')
    const total = described.body.offsets.reduce((n: number, p: { endOffset: number }) => n + p.endOffset, 0)
    expect(total).toBe(10_000)
  })

  it('lets the SDK send 10,000 messages with its defaults', async () => {
    const sluice = new Sluice({ url: service.url })
    await sluice.admin().createTopics({ topics: [{ topic: 'sdk-big', numPartitions: 2 }] })
    const producer = sluice.producer()
    const messages = Array.from({ length: 10_000 }, (_, i) => ({ value: `m${i}` }))
    const acks = await producer.send({ topic: 'sdk-big', messages })
    await producer.close()
    expect(acks).toHaveLength(10_000)
    expect(new Set(acks.map((a) => `${a.partition}/${a.offset}`)).size).toBe(10_000)
  })
})
