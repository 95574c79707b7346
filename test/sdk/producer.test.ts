import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fetchRecords, partitionForKey, type RecordMetadata, Sluice } from '../../sdk/src/index.js'
import { startTestService } from '../support/service.js'
import { type FaultProxy, startProxy } from './support/proxy.js'
import { freshTopic, readAll } from './support/topics.js'

let service: Awaited<ReturnType<typeof startTestService>>
let proxy: FaultProxy
let sluice: Sluice

beforeAll(async () => {
  service = await startTestService()
  proxy = await startProxy(service.url) // forwards everything; only counts requests here
  sluice = new Sluice({ url: proxy.url })
}, 120_000)

afterAll(async () => {
  await proxy?.stop()
  await service?.stop()
})

const produceRequests = (topic: string) =>
  proxy.requests.filter((r) => r.method === 'POST' && r.path === `/v1/topics/${topic}/records`)

describe('Producer against the local service', { timeout: 60_000 }, () => {
  it('merges sends made within lingerMs into one request', async () => {
    const topic = await freshTopic(sluice, 'batching', 3)
    const producer = sluice.producer({ lingerMs: 50 })
    const sends = Array.from({ length: 100 }, (_, i) =>
      producer.send({ topic, messages: [{ key: `k${i}`, value: `v${i}` }] }),
    )
    const results = (await Promise.all(sends)).flat()
    expect(results).toHaveLength(100)
    expect(produceRequests(topic)).toHaveLength(1)
    expect(new Set(results.map((r) => `${r.partition}:${r.offset}`)).size).toBe(100)
  })

  it('splits batches at batchBytes', async () => {
    const topic = await freshTopic(sluice, 'batch-bytes')
    const producer = sluice.producer({ lingerMs: 50, batchBytes: 3000 })
    const value = 'x'.repeat(1000)
    await Promise.all(Array.from({ length: 10 }, () => producer.send({ topic, messages: [{ value }] })))
    expect(produceRequests(topic)).toHaveLength(4) // 3 + 3 + 3 + 1 records
  })

  it("puts keyed messages on Kafka's partitions, as the service would", async () => {
    const topic = await freshTopic(sluice, 'keyed', 50)
    const producer = sluice.producer({ lingerMs: 0 })
    // Kafka's own vector: "foobar" hashes to partition 16 of 50.
    const [foobar] = await producer.send({ topic, messages: [{ key: 'foobar', value: '1' }] })
    expect(foobar?.partition).toBe(16)

    const keys = Array.from({ length: 200 }, (_, i) => `rider-${i}`)
    const sent = await producer.send({ topic, messages: keys.map((key) => ({ key, value: key })) })
    sent.forEach((metadata, i) => {
      expect(metadata.partition).toBe(partitionForKey(keys[i] as string, 50))
    })
    // The service, left to partition the same keys itself, agrees.
    const response = await fetch(`${service.url}/v1/topics/${topic}/records`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ records: keys.map((key) => ({ key, value: key })) }),
    })
    const byService = (await response.json()) as { records: Array<{ partition: number }> }
    expect(byService.records.map((r) => r.partition)).toEqual(sent.map((r) => r.partition))
  })

  it('keeps the order of one producer within each partition across many batches', async () => {
    const topic = await freshTopic(sluice, 'ordering', 4)
    const producer = sluice.producer({ lingerMs: 1, batchBytes: 2000 })
    const sends: Array<Promise<RecordMetadata[]>> = []
    for (let i = 0; i < 1000; i++) {
      const value = `${i}:${'x'.repeat(100)}` // ~20 records per 2000-byte batch
      sends.push(producer.send({ topic, messages: [{ key: `key-${i % 16}`, value }] }))
      if (i % 100 === 0) await new Promise((resolve) => setTimeout(resolve, 2)) // spread over several lingers
    }
    await Promise.all(sends)
    expect(produceRequests(topic).length).toBeGreaterThan(10)
    for (const records of (await readAll(sluice, topic)).values()) {
      const values = records.map((r) => Number.parseInt(r.value ?? '', 10))
      expect(values).toEqual([...values].sort((a, b) => a - b))
    }
    const total = [...(await readAll(sluice, topic)).values()].flat().length
    expect(total).toBe(1000)
  })

  it('sticks null-key messages to one partition per batch and rotates between batches', async () => {
    const topic = await freshTopic(sluice, 'sticky', 4)
    const producer = sluice.producer({ lingerMs: 0 })
    const partitionsOfBatches: number[] = []
    for (let batch = 0; batch < 8; batch++) {
      const sent = await producer.send({ topic, messages: Array.from({ length: 5 }, () => ({ value: 'v' })) })
      expect(new Set(sent.map((r) => r.partition)).size).toBe(1)
      partitionsOfBatches.push(sent[0]?.partition as number)
    }
    for (let i = 1; i < partitionsOfBatches.length; i++) {
      expect(partitionsOfBatches[i]).not.toBe(partitionsOfBatches[i - 1])
    }
    expect(new Set(partitionsOfBatches).size).toBe(4)
  })

  it('round-trips bytes and text in one batch (base64 on the wire)', async () => {
    const topic = await freshTopic(sluice, 'binary')
    const producer = sluice.producer({ lingerMs: 20 })
    const bytes = new Uint8Array([0, 1, 2, 250, 255, 0xc3])
    await Promise.all([
      producer.send({ topic, messages: [{ key: bytes, value: bytes, headers: { kind: 'bytes' } }] }),
      producer.send({ topic, messages: [{ key: 'text', value: 'héllo ✓', headers: { kind: 'text' } }] }),
      producer.send({ topic, messages: [{ value: null }] }),
    ])
    expect(produceRequests(topic)).toHaveLength(1)
    const { records } = await sluice.execute(fetchRecords({ topic, partition: 0, encoding: 'base64' }))
    const text = (t: string) => new TextEncoder().encode(t)
    expect(records.map((r) => [r.key, r.value, r.headers])).toEqual([
      [bytes, bytes, { kind: 'bytes' }],
      [text('text'), text('héllo ✓'), { kind: 'text' }],
      [null, null, {}],
    ])
  })

  it('flush() sends what lingers; close() loses nothing and refuses further sends', async () => {
    const topic = await freshTopic(sluice, 'flush-close', 2)
    const producer = sluice.producer({ lingerMs: 600_000 })
    const first = producer.send({ topic, messages: [{ value: 'a' }, { value: 'b' }] })
    await producer.flush()
    expect(await first).toHaveLength(2)
    const pending = Array.from({ length: 20 }, (_, i) =>
      producer.send({ topic, messages: [{ value: `c${i}` }] }),
    )
    await producer.close()
    expect((await Promise.all(pending)).flat()).toHaveLength(20)
    const total = [...(await readAll(sluice, topic)).values()].flat().length
    expect(total).toBe(22)
  })

  it('acks: 0 resolves before the answer and flush() delivers', async () => {
    const topic = await freshTopic(sluice, 'acks0')
    const producer = sluice.producer({ acks: 0, lingerMs: 600_000 })
    expect(await producer.send({ topic, messages: [{ value: 'fire' }, { value: 'forget' }] })).toEqual([])
    await producer.flush()
    expect((await readAll(sluice, topic)).get(0)?.map((r) => r.value)).toEqual(['fire', 'forget'])
  })
})
