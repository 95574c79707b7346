import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  AlreadyCommittedError,
  acquireLease,
  type Command,
  createTopic,
  deleteTopic,
  fetchRecords,
  IdempotencyKeyReusedError,
  InvalidRequestError,
  MethodNotAllowedError,
  OffsetOutOfRangeError,
  PayloadTooLargeError,
  ProducerClosedError,
  produceRecords,
  RecordTooLargeError,
  runTransaction,
  Sluice,
  SluiceError,
  TopicExistsError,
  TopicNotFoundError,
} from '../../sdk/src/index.js'
import { startTestService } from '../support/service.js'
import { type FaultProxy, startProxy } from './support/proxy.js'
import { allValues, freshTopic } from './support/topics.js'

let service: Awaited<ReturnType<typeof startTestService>>
let proxy: FaultProxy
let sluice: Sluice

beforeAll(async () => {
  service = await startTestService()
  proxy = await startProxy(service.url) // forwards everything; counts what was sent
  sluice = new Sluice({ url: proxy.url, retry: false })
}, 120_000)

afterAll(async () => {
  await proxy?.stop()
  await service?.stop()
})

const produceRequests = () => proxy.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/records'))

describe('bad input gets typed errors and sends nothing', { timeout: 60_000 }, () => {
  it('a record over 1 MiB: RecordTooLargeError from the client, nothing sent', async () => {
    const topic = await freshTopic(sluice, 'too-large')
    const before = produceRequests().length
    const producer = sluice.producer({ lingerMs: 0 })
    const error = await producer
      .send({ topic, messages: [{ value: 'ok' }, { value: 'x'.repeat(1_048_577) }] })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(RecordTooLargeError)
    expect(error).toMatchObject({ code: 'RECORD_TOO_LARGE', status: 413, retriable: false, topic })
    await producer.flush()
    expect(produceRequests().length).toBe(before)
    expect(await allValues(sluice, topic)).toEqual([])
  })

  it('an unknown topic: TopicNotFoundError naming it', async () => {
    const error = await sluice
      .producer()
      .send({ topic: 'no-such-topic', messages: [{ value: 'x' }] })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TopicNotFoundError)
    expect(error).toMatchObject({ code: 'TOPIC_NOT_FOUND', status: 404, topic: 'no-such-topic' })
  })

  it('bad topic names: InvalidRequestError, no request made', async () => {
    const before = proxy.requests.length
    for (const topic of ['', '.', '..', 'has space', 'a/b', 'x'.repeat(250)]) {
      const error = await sluice
        .producer()
        .send({ topic, messages: [{ value: 'x' }] })
        .catch((e: unknown) => e)
      expect(error).toBeInstanceOf(InvalidRequestError)
    }
    expect(proxy.requests.length).toBe(before)
  })

  it('a partition out of range: InvalidRequestError, nothing sent', async () => {
    const topic = await freshTopic(sluice, 'bad-partition', 2)
    const before = produceRequests().length
    const error = await sluice
      .producer()
      .send({ topic, messages: [{ value: 'x', partition: 2 }] })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InvalidRequestError)
    expect(error).toMatchObject({ code: 'INVALID_REQUEST', topic, partition: 2 })
    expect(produceRequests().length).toBe(before)
  })

  it('a closed producer: ProducerClosedError, nothing sent', async () => {
    const topic = await freshTopic(sluice, 'closed')
    const producer = sluice.producer()
    await producer.close()
    const before = proxy.requests.length
    const error = await producer.send({ topic, messages: [{ value: 'x' }] }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ProducerClosedError)
    expect(error).toMatchObject({ code: 'PRODUCER_CLOSED', retriable: false })
    expect(proxy.requests.length).toBe(before)
  })
})

describe("the service's error codes map to typed errors", { timeout: 60_000 }, () => {
  it('TOPIC_EXISTS, TOPIC_NOT_FOUND on delete', async () => {
    const topic = await freshTopic(sluice, 'exists')
    await expect(sluice.execute(createTopic({ name: topic }))).rejects.toBeInstanceOf(TopicExistsError)
    await sluice.execute(deleteTopic(topic))
    await expect(sluice.execute(deleteTopic(topic))).rejects.toMatchObject({
      code: 'TOPIC_NOT_FOUND',
      status: 404,
      topic,
    })
  })

  it('RECORD_TOO_LARGE and PAYLOAD_TOO_LARGE from the service itself', async () => {
    const topic = await freshTopic(sluice, 'server-limits')
    const big = 'x'.repeat(1_100_000)
    await expect(
      sluice.execute(produceRecords({ topic, body: { records: [{ value: big }] } })),
    ).rejects.toBeInstanceOf(RecordTooLargeError)
    const records = Array.from({ length: 6 }, () => ({ value: 'y'.repeat(1_000_000) }))
    await expect(sluice.execute(produceRecords({ topic, body: { records } }))).rejects.toBeInstanceOf(
      PayloadTooLargeError,
    )
    expect(await allValues(sluice, topic)).toEqual([])
  })

  it('INVALID_REQUEST for an unknown field', async () => {
    const topic = await freshTopic(sluice, 'unknown-field')
    const body = { records: [{ value: 'x' }], extra: true } as unknown as { records: [] }
    const error = await sluice.execute(produceRecords({ topic, body })).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InvalidRequestError)
    expect(error).toMatchObject({ status: 400, retriable: false })
  })

  it('IDEMPOTENCY_KEY_REUSED for one key with two bodies', async () => {
    const topic = await freshTopic(sluice, 'idempotency')
    const idempotencyKey = `key-${Date.now()}`
    await sluice.execute(produceRecords({ topic, idempotencyKey, body: { records: [{ value: 'a' }] } }))
    const error = await sluice
      .execute(produceRecords({ topic, idempotencyKey, body: { records: [{ value: 'b' }] } }))
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(IdempotencyKeyReusedError)
    expect(error).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', status: 422 })
  })

  it('ALREADY_COMMITTED, not retriable, carries the committed offset', async () => {
    const input = await freshTopic(sluice, 'already-in')
    const output = await freshTopic(sluice, 'already-out')
    await sluice.producer().send({ topic: input, messages: [{ value: 'a' }, { value: 'b' }] })
    const group = `already-${Date.now()}`
    const { epoch } = await sluice.execute(acquireLease({ group, topic: input, partition: 0, memberId: 'm' }))
    const body = {
      produce: [{ topic: output, records: [{ value: 'out' }] }],
      commit: { group, topic: input, memberId: 'm', offsets: [{ partition: 0, offset: 2, epoch }] },
    }
    await sluice.execute(runTransaction(body))
    const error = await sluice.execute(runTransaction(body)).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AlreadyCommittedError)
    expect(error).toMatchObject({
      code: 'ALREADY_COMMITTED',
      status: 409,
      retriable: false,
      topic: input,
      committedOffset: 2,
    })
    expect(await allValues(sluice, output)).toEqual(['out'])
  })

  it('METHOD_NOT_ALLOWED for a wrong method, not retried', async () => {
    // No SDK command sends a wrong method: this one stands for a client built against another version.
    const putTopics: Command<unknown> = {
      request: { method: 'PUT', path: '/v1/topics' },
      context: {},
      parse: (response) => response.body,
    }
    const retrying = new Sluice({ url: proxy.url, retry: { retries: 3, initialMs: 1 } })
    const before = proxy.requests.length
    const error = await retrying.execute(putTopics).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(MethodNotAllowedError)
    expect(error).toMatchObject({
      code: 'METHOD_NOT_ALLOWED',
      status: 405,
      retriable: false,
      message: '/v1/topics answers GET, POST, not PUT',
    })
    expect(proxy.requests.length - before).toBe(1)
  })

  it('OFFSET_OUT_OF_RANGE carries startOffset and endOffset', async () => {
    const topic = await freshTopic(sluice, 'out-of-range')
    await sluice.producer().send({ topic, messages: [{ value: 'a' }, { value: 'b' }] })
    const error = await sluice
      .execute(fetchRecords({ topic, partition: 0, offset: 50 }))
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(OffsetOutOfRangeError)
    expect(error).toMatchObject({ status: 416, topic, partition: 0, startOffset: 0, endOffset: 2 })
    expect(error).toBeInstanceOf(SluiceError)
  })
})
