import { ListObjectsV2Command } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningService } from '../../functions/local/serve.js'
import { createAwsClients } from '../../functions/storage/clients.js'
import type { StorageConfig } from '../../functions/storage/config.js'
import { partitionForKey } from '../../sdk/src/partitioner.js'
import { api } from '../support/http.js'
import { startTestService, testStorage } from '../support/service.js'
import { type FetchedRecord, readPartition } from './support/log.js'

let service: RunningService
let storage: StorageConfig
let call: ReturnType<typeof api>
let topicCounter = 0

beforeAll(async () => {
  storage = testStorage()
  service = await startTestService({ storage })
  call = api(service.url)
})
afterAll(() => service.stop())

async function newTopic(partitions = 1, retentionMs?: number): Promise<string> {
  const name = `t${topicCounter++}`
  const created = await call('POST', '/v1/topics', {
    name,
    partitions,
    ...(retentionMs ? { retentionMs } : {}),
  })
  expect(created.status).toBe(201)
  return name
}

async function produce(topic: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await call('POST', `/v1/topics/${topic}/records`, body, headers)
  expect(response.status, JSON.stringify(response.body)).toBe(200)
  return response.body.records as { partition: number; offset: number; timestamp: number }[]
}

const fetchPath = (topic: string, partition: number, query = '') =>
  `/v1/topics/${topic}/partitions/${partition}/records${query ? `?${query}` : ''}`

async function fetchPage(topic: string, partition: number, query = '') {
  const response = await call('GET', fetchPath(topic, partition, query))
  expect(response.status, JSON.stringify(response.body)).toBe(200)
  return response.body as {
    records: FetchedRecord[]
    nextOffset: number
    startOffset: number
    endOffset: number
  }
}

describe('partitioning', () => {
  it('puts keyed records on the partition a Kafka client would pick', async () => {
    const topic = await newTopic(7)
    const keys = Array.from({ length: 40 }, (_, i) => `rider-${i}`)
    const acks = await produce(topic, { records: keys.map((key) => ({ key, value: key })) })
    const utf8 = new TextEncoder()
    acks.forEach((ack, i) => {
      expect(ack.partition).toBe(partitionForKey(utf8.encode(keys[i] as string), 7))
    })
    expect(new Set(acks.map((a) => a.partition)).size).toBeGreaterThan(1)
    // The same key lands on the same partition in a later request, and binary keys hash their bytes.
    const again = await produce(topic, { records: [{ key: 'rider-3', value: 'later' }] })
    expect(again[0]?.partition).toBe(acks[3]?.partition)
    const binaryKey = new Uint8Array([0, 255, 128, 7])
    const [binary] = await produce(topic, {
      records: [{ key: Buffer.from(binaryKey).toString('base64'), value: '' }],
      encoding: 'base64',
    })
    expect(binary?.partition).toBe(partitionForKey(binaryKey, 7))
  })

  it('gives the null-key records of one request one partition and spreads successive requests', async () => {
    const topic = await newTopic(4)
    const used = new Set<number>()
    for (let request = 0; request < 12; request++) {
      const acks = await produce(topic, {
        records: [{ value: 'a' }, { key: null, value: 'b' }, { value: 'c' }],
      })
      expect(new Set(acks.map((a) => a.partition)).size).toBe(1)
      used.add(acks[0]?.partition as number)
    }
    expect([...used].sort()).toEqual([0, 1, 2, 3])
  })

  it('honours an explicit partition over the key', async () => {
    const topic = await newTopic(3)
    const key = 'pinned'
    const keyed = partitionForKey(new TextEncoder().encode(key), 3)
    const explicit = (keyed + 1) % 3
    const [ack] = await produce(topic, { records: [{ key, value: 'v', partition: explicit }] })
    expect(ack?.partition).toBe(explicit)
  })
})

describe('offsets and timestamps', () => {
  it('gives one request increasing offsets in request order, and the next request the following ones', async () => {
    const topic = await newTopic(2)
    const first = await produce(topic, {
      records: [0, 1, 0, 0, 1, 1, 0].map((partition, i) => ({ value: `r${i}`, partition })),
    })
    expect(first.map((a) => [a.partition, a.offset])).toEqual([
      [0, 0],
      [1, 0],
      [0, 1],
      [0, 2],
      [1, 1],
      [1, 2],
      [0, 3],
    ])
    const second = await produce(topic, {
      records: [
        { value: 'x', partition: 0 },
        { value: 'y', partition: 1 },
      ],
    })
    expect(second.map((a) => a.offset)).toEqual([4, 3])
    const read = await readPartition(call, topic, 0)
    expect(read.records.map((r) => [r.offset, r.value])).toEqual([
      [0, 'r0'],
      [1, 'r2'],
      [2, 'r3'],
      [3, 'r6'],
      [4, 'x'],
    ])
  })

  it('stamps records with the append time unless they carry a timestamp', async () => {
    const topic = await newTopic()
    const before = Date.now()
    const acks = await produce(topic, {
      records: [{ value: 'now' }, { value: 'then', timestamp: 1_000_000 }],
    })
    const after = Date.now()
    expect(acks[0]?.timestamp).toBeGreaterThanOrEqual(before)
    expect(acks[0]?.timestamp).toBeLessThanOrEqual(after)
    expect(acks[1]?.timestamp).toBe(1_000_000)
    const { records } = await fetchPage(topic, 0)
    expect(records.map((r) => r.timestamp)).toEqual([acks[0]?.timestamp, 1_000_000])
  })
})

describe('contents', () => {
  it('round-trips binary keys and values through base64', async () => {
    const topic = await newTopic()
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i)
    const key = Buffer.from([0xff, 0xfe, 0x00]).toString('base64')
    const value = Buffer.from(bytes).toString('base64')
    await produce(topic, { records: [{ key, value }], encoding: 'base64' })
    const { records } = await fetchPage(topic, 0, 'encoding=base64')
    expect(records[0]).toMatchObject({ key, value })
    expect(new Uint8Array(Buffer.from(records[0]?.value as string, 'base64'))).toEqual(bytes)
  })

  it('reads utf8 writes as base64 and base64 writes as utf8: the log holds bytes', async () => {
    const topic = await newTopic()
    const text = 'caf\u00e9 \u{1f6b2} \u00fcber'
    await produce(topic, { records: [{ key: 'k\u00e9', value: text }] })
    await produce(topic, {
      records: [
        { key: Buffer.from('plain').toString('base64'), value: Buffer.from(text).toString('base64') },
      ],
      encoding: 'base64',
    })
    const asBase64 = await fetchPage(topic, 0, 'encoding=base64')
    expect(asBase64.records.map((r) => [r.key, r.value])).toEqual([
      [Buffer.from('k\u00e9').toString('base64'), Buffer.from(text).toString('base64')],
      [Buffer.from('plain').toString('base64'), Buffer.from(text).toString('base64')],
    ])
    const asUtf8 = await fetchPage(topic, 0, 'encoding=utf8')
    expect(asUtf8.records.map((r) => [r.key, r.value])).toEqual([
      ['k\u00e9', text],
      ['plain', text],
    ])
  })

  it('keeps headers, null keys and null values (tombstones), and empty strings apart from null', async () => {
    const topic = await newTopic()
    await produce(topic, {
      records: [
        { key: 'user-1', value: null, headers: { reason: 'deleted', 'trace-id': 'abc' } },
        { value: '' },
        { key: '', value: 'empty key', headers: {} },
      ],
    })
    const { records } = await fetchPage(topic, 0)
    expect(records.map(({ key, value, headers }) => ({ key, value, headers }))).toEqual([
      { key: 'user-1', value: null, headers: { reason: 'deleted', 'trace-id': 'abc' } },
      { key: null, value: '', headers: {} },
      { key: '', value: 'empty key', headers: {} },
    ])
    const base64 = await fetchPage(topic, 0, 'encoding=base64')
    expect(base64.records[0]).toMatchObject({ value: null })
  })

  it('accepts a record of exactly 1 MiB and reads it back', async () => {
    const topic = await newTopic()
    const value = 'm'.repeat(1024 * 1024)
    await produce(topic, { records: [{ value }] })
    const { records } = await fetchPage(topic, 0)
    expect(records[0]?.value).toBe(value)
  })
})

describe('fetch', () => {
  let topic: string
  const values = Array.from({ length: 10 }, (_, i) => `${i}`.padStart(100, '-'))

  beforeAll(async () => {
    topic = await newTopic()
    await produce(topic, { records: values.slice(0, 4).map((value) => ({ value })) })
    await produce(topic, { records: values.slice(4).map((value) => ({ value })) })
  })

  it('stops at limit and says where to go on', async () => {
    const first = await fetchPage(topic, 0, 'limit=3')
    expect(first.records.map((r) => r.offset)).toEqual([0, 1, 2])
    expect(first.nextOffset).toBe(3)
    const second = await fetchPage(topic, 0, `offset=${first.nextOffset}&limit=3`)
    expect(second.records.map((r) => r.offset)).toEqual([3, 4, 5])
    const rest = await fetchPage(topic, 0, 'offset=6')
    expect(rest).toMatchObject({ nextOffset: 10, startOffset: 0, endOffset: 10 })
    expect(rest.records.map((r) => r.value)).toEqual(values.slice(6))
  })

  it('answers the high watermark as endOffset also when it stops for its limits', async () => {
    const limited = await fetchPage(topic, 0, 'limit=3')
    expect(limited.endOffset).toBe(10)
  })

  it('stops at maxBytes but always returns at least one record', async () => {
    const two = await fetchPage(topic, 0, 'maxBytes=250')
    expect(two.records.map((r) => r.offset)).toEqual([0, 1])
    expect(two.nextOffset).toBe(2)
    const one = await fetchPage(topic, 0, 'offset=5&maxBytes=1')
    expect(one.records.map((r) => r.offset)).toEqual([5])
    expect(one.nextOffset).toBe(6)
  })

  it('starts at earliest by default, at latest when asked, and reads nothing at the end', async () => {
    const earliest = await fetchPage(topic, 0, 'offset=earliest&limit=1')
    expect(earliest.records[0]?.offset).toBe(0)
    expect((await fetchPage(topic, 0, 'limit=1')).records[0]?.offset).toBe(0)
    const latest = await fetchPage(topic, 0, 'offset=latest')
    expect(latest).toMatchObject({ records: [], nextOffset: 10, endOffset: 10 })
  })

  it('starts at the first record at or after a timestamp, and GET /offsets agrees', async () => {
    const stamped = await newTopic(2)
    await produce(stamped, {
      records: [1000, 2000, 3000, 2500].map((timestamp, i) => ({ value: `v${i}`, timestamp, partition: 0 })),
    })
    await produce(stamped, { records: [{ value: 'late', timestamp: 5000, partition: 1 }] })
    const from1500 = await fetchPage(stamped, 0, 'timestamp=1500')
    expect(from1500.records.map((r) => r.offset)).toEqual([1, 2, 3])
    expect((await fetchPage(stamped, 0, 'timestamp=2000')).records[0]?.offset).toBe(1)
    expect((await fetchPage(stamped, 0, 'timestamp=2600')).records[0]?.offset).toBe(2)
    expect(await fetchPage(stamped, 0, 'timestamp=9999')).toMatchObject({ records: [], nextOffset: 4 })

    const at1500 = await call('GET', `/v1/topics/${stamped}/offsets?timestamp=1500`)
    expect(at1500.body).toEqual({
      offsets: [
        { partition: 0, offset: 1 },
        { partition: 1, offset: 0 },
      ],
    })
    const at9999 = await call('GET', `/v1/topics/${stamped}/offsets?timestamp=9999`)
    expect(at9999.body.offsets).toEqual([
      { partition: 0, offset: 4 },
      { partition: 1, offset: 1 },
    ])
    const bounds = await call('GET', `/v1/topics/${stamped}/offsets`)
    expect(bounds.body.offsets).toEqual([
      { partition: 0, startOffset: 0, endOffset: 4 },
      { partition: 1, startOffset: 0, endOffset: 1 },
    ])
  })

  it('long-polls: a waiting fetch answers with the record that arrives', async () => {
    const polled = await newTopic()
    const { endOffset } = await fetchPage(polled, 0, 'offset=latest')
    const waiting = call('GET', fetchPath(polled, 0, `offset=${endOffset}&waitMs=20000`))
    await produce(polled, { records: [{ value: 'arrived' }] })
    const answer = await waiting
    expect(answer.status).toBe(200)
    expect(answer.body.records.map((r: FetchedRecord) => [r.offset, r.value])).toEqual([
      [endOffset, 'arrived'],
    ])
  })

  it('long-polls across instances: a fetch on one server sees a record produced through another', async () => {
    const polled = await newTopic()
    const other = await startTestService({ storage })
    try {
      const waiting = call('GET', fetchPath(polled, 0, 'offset=0&waitMs=20000'))
      const produced = await api(other.url)('POST', `/v1/topics/${polled}/records`, {
        records: [{ value: 'elsewhere' }],
      })
      expect(produced.status).toBe(200)
      const answer = await waiting
      expect(answer.body.records.map((r: FetchedRecord) => r.value)).toEqual(['elsewhere'])
    } finally {
      await other.stop()
    }
  })
})

describe('idempotency', () => {
  it('answers a repeated request with its first response and appends nothing', async () => {
    const topic = await newTopic(2)
    const body = { records: [{ key: 'a', value: '1' }, { key: 'b', value: '2' }, { value: '3' }] }
    const headers = { 'idempotency-key': 'req-0001' }
    const first = await call('POST', `/v1/topics/${topic}/records`, body, headers)
    expect(first.status).toBe(200)
    const bounds = (await call('GET', `/v1/topics/${topic}/offsets`)).body
    const replay = await call('POST', `/v1/topics/${topic}/records`, body, headers)
    expect(replay.status).toBe(200)
    expect(replay.body).toEqual(first.body)
    expect((await call('GET', `/v1/topics/${topic}/offsets`)).body).toEqual(bounds)
    // A different key is a different request.
    const other = await call('POST', `/v1/topics/${topic}/records`, body, { 'idempotency-key': 'req-0002' })
    expect(other.body.records).not.toEqual(first.body.records)
    const all = [
      ...(await readPartition(call, topic, 0)).records,
      ...(await readPartition(call, topic, 1)).records,
    ]
    expect(all.map((r) => r.value).sort()).toEqual(['1', '1', '2', '2', '3', '3'])
  })

  it('appends once when the same request races itself', async () => {
    const topic = await newTopic()
    const body = { records: [{ value: 'once' }] }
    const answers = await Promise.all(
      Array.from({ length: 6 }, () =>
        call('POST', `/v1/topics/${topic}/records`, body, { 'idempotency-key': 'race' }),
      ),
    )
    const ok = answers.filter((a) => a.status === 200)
    expect(ok.length).toBeGreaterThan(0)
    for (const a of ok) expect(a.body).toEqual(ok[0]?.body)
    // A loser of the race may only be told to retry.
    for (const a of answers.filter((a) => a.status !== 200)) expect(a.body.error.retriable).toBe(true)
    const { records } = await readPartition(call, topic, 0)
    expect(records.map((r) => r.value)).toEqual(['once'])
  })
})

describe('large batches', () => {
  it('puts a batch over 8 KiB in one S3 segment and reads it back beside inline ones', async () => {
    const topic = await newTopic(2)
    const { s3 } = createAwsClients(storage)
    const listSegments = async () =>
      (await s3.send(new ListObjectsV2Command({ Bucket: storage.bucket }))).Contents?.map((o) => o.Key) ?? []
    const segmentsBefore = await listSegments()

    const large = Array.from({ length: 20 }, (_, i) => ({ value: `${i}:${'L'.repeat(1024)}`, partition: 0 }))
    const small = [{ value: 'small', partition: 1 }]
    const acks = await produce(topic, { records: [...large, ...small] })
    expect(acks.map((a) => a.offset)).toEqual([...large.map((_, i) => i), 0])

    const segmentsAfter = await listSegments()
    const added = segmentsAfter.filter((key) => !segmentsBefore.includes(key))
    expect(added).toHaveLength(1)

    const read0 = await readPartition(call, topic, 0)
    expect(read0.records.map((r) => r.value)).toEqual(large.map((r) => r.value))
    const middle = await fetchPage(topic, 0, 'offset=7&limit=2')
    expect(middle.records.map((r) => r.value)).toEqual([large[7]?.value, large[8]?.value])
    expect((await readPartition(call, topic, 1)).records.map((r) => r.value)).toEqual(['small'])

    // Another server, with a cold segment cache, reads the same bytes from S3.
    const other = await startTestService({ storage })
    try {
      const cold = await readPartition(api(other.url), topic, 0)
      expect(cold.records).toEqual(read0.records)
    } finally {
      await other.stop()
    }
  })
})
