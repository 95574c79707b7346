import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningService } from '../../functions/local/serve.js'
import { api, fetchChecked } from '../support/http.js'
import { startTestService } from '../support/service.js'
import { rawRequest } from './support/raw.js'

/**
 * The error table of the API contract (docs/api.md) for Health, Topics, Produce, Fetch and offsets: each
 * bad input answers its typed error, with no stack trace, changes nothing, and leaves the service up.
 */

let service: RunningService
let call: ReturnType<typeof api>

const MiB = 1024 * 1024
const record = (value: string) => ({ value })

beforeAll(async () => {
  service = await startTestService()
  call = api(service.url)
  await call('POST', '/v1/topics', { name: 'orders', partitions: 2 })
  await call('POST', '/v1/topics', { name: 'events', retentionMs: -1 })
  await call('POST', '/v1/topics/orders/records', {
    records: [
      { value: 'a', partition: 0 },
      { value: 'b', partition: 0 },
      { value: 'c', partition: 0 },
    ],
  })
  const first = await call(
    'POST',
    '/v1/topics/orders/records',
    {
      records: [
        { value: 'd', partition: 1 },
        { value: 'e', partition: 1 },
      ],
    },
    { 'idempotency-key': 'order-1' },
  )
  expect(first.status).toBe(200)
  await call('POST', '/v1/topics/events/records', { records: [record('x')] })
})
afterAll(() => service.stop())

/** Everything a rejected request could have changed: the topics, their bounds, every record. */
async function snapshot() {
  const list = await call('GET', '/v1/topics')
  const topics = list.body.topics as { name: string; partitions: number }[]
  const described = await Promise.all(
    topics.map(async (t) => (await call('GET', `/v1/topics/${t.name}`)).body),
  )
  const records = await Promise.all(
    topics.flatMap((t) =>
      Array.from({ length: t.partitions }, async (_, p) => {
        const page = await call('GET', `/v1/topics/${t.name}/partitions/${p}/records?limit=10000`)
        return page.body
      }),
    ),
  )
  return { topics, described, records }
}

type Send = () => Promise<{ status: number; text: string }>

const send =
  (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Send =>
  async () => {
    const init: RequestInit = { method, headers: { 'content-type': 'application/json', ...headers } }
    if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body)
    return fetchChecked(service.url, path, init)
  }
const raw =
  (method: string, path: string): Send =>
  () =>
    rawRequest(service.url, method, path)

/** A body over 5 MiB sent in chunks, with no Content-Length to refuse it by. */
const streamedBody =
  (path: string, bytes: number): Send =>
  async () => {
    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024))
    let sent = 0
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= bytes) return controller.close()
        controller.enqueue(chunk)
        sent += chunk.length
      },
    })
    return fetchChecked(service.url, path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      duplex: 'half',
    } as RequestInit)
  }

interface ErrorCase {
  what: string
  send: Send
  status: number
  code: string
  details?: Record<string, unknown>
}

const produce = (body: unknown, topic = 'orders', headers: Record<string, string> = {}) =>
  send('POST', `/v1/topics/${topic}/records`, body, headers)
const fetchAt = (query: string, partition: string | number = 0, topic = 'orders') =>
  send('GET', `/v1/topics/${topic}/partitions/${partition}/records?${query}`)
const invalid = (what: string, s: Send): ErrorCase => ({
  what,
  send: s,
  status: 400,
  code: 'INVALID_REQUEST',
})

const cases: ErrorCase[] = [
  // Topics: malformed JSON, wrong types, unknown fields, bad names, partitions, retention.
  invalid('create: malformed JSON', send('POST', '/v1/topics', '{"name": "t1"')),
  invalid('create: empty body', send('POST', '/v1/topics', '')),
  invalid('create: body is an array', send('POST', '/v1/topics', [{ name: 't1' }])),
  invalid('create: name missing', send('POST', '/v1/topics', { partitions: 1 })),
  invalid('create: name is a number', send('POST', '/v1/topics', { name: 42 })),
  invalid('create: unknown field', send('POST', '/v1/topics', { name: 't1', replicas: 3 })),
  invalid('create: name "."', send('POST', '/v1/topics', { name: '.' })),
  invalid('create: name ".."', send('POST', '/v1/topics', { name: '..' })),
  invalid('create: name of 250 characters', send('POST', '/v1/topics', { name: 'a'.repeat(250) })),
  invalid('create: empty name', send('POST', '/v1/topics', { name: '' })),
  invalid('create: name with a space', send('POST', '/v1/topics', { name: 'my topic' })),
  invalid('create: name with a slash', send('POST', '/v1/topics', { name: 'a/b' })),
  invalid('create: name with a non-ASCII letter', send('POST', '/v1/topics', { name: 'caf\u00e9' })),
  invalid('create: name with a star', send('POST', '/v1/topics', { name: 'a*' })),
  invalid('create: 0 partitions', send('POST', '/v1/topics', { name: 't1', partitions: 0 })),
  invalid('create: 1025 partitions', send('POST', '/v1/topics', { name: 't1', partitions: 1025 })),
  invalid('create: 1.5 partitions', send('POST', '/v1/topics', { name: 't1', partitions: 1.5 })),
  invalid('create: partitions as a string', send('POST', '/v1/topics', { name: 't1', partitions: '2' })),
  invalid('create: retention 999', send('POST', '/v1/topics', { name: 't1', retentionMs: 999 })),
  invalid('create: retention -2', send('POST', '/v1/topics', { name: 't1', retentionMs: -2 })),
  invalid('create: retention 1000.5', send('POST', '/v1/topics', { name: 't1', retentionMs: 1000.5 })),
  invalid('create: retention null', send('POST', '/v1/topics', { name: 't1', retentionMs: null })),
  invalid('describe: name of 250 characters in the path', send('GET', `/v1/topics/${'a'.repeat(250)}`)),
  invalid('describe: name with a bad character in the path', send('GET', '/v1/topics/a%2Ab')),
  invalid('patch: shrinking partitions', send('PATCH', '/v1/topics/orders', { partitions: 1 })),
  invalid('patch: 0 partitions', send('PATCH', '/v1/topics/orders', { partitions: 0 })),
  invalid('patch: 1025 partitions', send('PATCH', '/v1/topics/orders', { partitions: 1025 })),
  invalid('patch: retention -2', send('PATCH', '/v1/topics/orders', { retentionMs: -2 })),
  invalid('patch: unknown field', send('PATCH', '/v1/topics/orders', { name: 'renamed' })),
  invalid('patch: malformed JSON', send('PATCH', '/v1/topics/orders', '{partitions: 4}')),
  {
    what: 'create: a topic that exists',
    send: send('POST', '/v1/topics', { name: 'orders', partitions: 8 }),
    status: 409,
    code: 'TOPIC_EXISTS',
  },

  // Produce.
  invalid('produce: malformed JSON', produce('{"records": [')),
  invalid('produce: records missing', produce({})),
  invalid('produce: records not an array', produce({ records: { value: 'a' } })),
  invalid('produce: 0 records', produce({ records: [] })),
  invalid(
    'produce: 10,001 records',
    produce({ records: Array.from({ length: 10_001 }, (_, i) => record(`r${i}`)) }),
  ),
  invalid('produce: value missing', produce({ records: [{ key: 'k' }] })),
  invalid('produce: value is a number', produce({ records: [{ value: 7 }] })),
  invalid('produce: value is an object', produce({ records: [{ value: { lat: 1 } }] })),
  invalid('produce: key is a number', produce({ records: [{ key: 1, value: 'a' }] })),
  invalid('produce: a header value is a number', produce({ records: [{ value: 'a', headers: { n: 1 } }] })),
  invalid('produce: headers is an array', produce({ records: [{ value: 'a', headers: ['x'] }] })),
  invalid('produce: timestamp is a string', produce({ records: [{ value: 'a', timestamp: '2026' }] })),
  invalid('produce: timestamp is negative', produce({ records: [{ value: 'a', timestamp: -1 }] })),
  invalid('produce: unknown field in the body', produce({ records: [record('a')], acks: 'all' })),
  invalid('produce: unknown field in a record', produce({ records: [{ value: 'a', offset: 3 }] })),
  invalid('produce: partition out of range', produce({ records: [{ value: 'a', partition: 2 }] })),
  invalid('produce: negative partition', produce({ records: [{ value: 'a', partition: -1 }] })),
  invalid('produce: partition 0.5', produce({ records: [{ value: 'a', partition: 0.5 }] })),
  invalid(
    'produce: one good record and one out of range',
    produce({
      records: [
        { value: 'a', partition: 0 },
        { value: 'b', partition: 9 },
      ],
    }),
  ),
  invalid('produce: unknown encoding', produce({ records: [record('a')], encoding: 'hex' })),
  invalid('produce: invalid base64 value', produce({ records: [record('not base64!')], encoding: 'base64' })),
  invalid(
    'produce: invalid base64 key',
    produce({ records: [{ key: 'a', value: 'YWJj' }], encoding: 'base64' }),
  ),
  invalid(
    'produce: Idempotency-Key of 129 characters',
    produce({ records: [record('a')] }, 'orders', { 'idempotency-key': 'k'.repeat(129) }),
  ),
  invalid(
    'produce: Idempotency-Key with a space',
    produce({ records: [record('a')] }, 'orders', { 'idempotency-key': 'my key' }),
  ),
  invalid(
    'produce: empty Idempotency-Key',
    produce({ records: [record('a')] }, 'orders', { 'idempotency-key': '' }),
  ),
  {
    what: 'produce: one record over 1 MiB',
    send: produce({ records: [record('a'), record('v'.repeat(MiB + 1))] }),
    status: 413,
    code: 'RECORD_TOO_LARGE',
  },
  {
    what: 'produce: key, value and headers together over 1 MiB',
    send: produce({
      records: [{ key: 'k'.repeat(MiB / 2), value: 'v'.repeat(MiB / 2), headers: { h: 'x' } }],
    }),
    status: 413,
    code: 'RECORD_TOO_LARGE',
  },
  {
    what: 'produce: a body over 5 MiB',
    send: produce({ records: Array.from({ length: 6 }, () => record('v'.repeat(MiB - 100))) }),
    status: 413,
    code: 'PAYLOAD_TOO_LARGE',
  },
  {
    what: 'produce: a body over 5 MiB, streamed without Content-Length',
    send: streamedBody('/v1/topics/orders/records', 5 * MiB + 64 * 1024),
    status: 413,
    code: 'PAYLOAD_TOO_LARGE',
  },
  {
    what: 'produce: Idempotency-Key reused with a different body',
    send: produce({ records: [{ value: 'd', partition: 1 }] }, 'orders', { 'idempotency-key': 'order-1' }),
    status: 422,
    code: 'IDEMPOTENCY_KEY_REUSED',
  },

  // Fetch.
  invalid('fetch: negative offset', fetchAt('offset=-1')),
  invalid('fetch: non-numeric offset', fetchAt('offset=abc')),
  invalid('fetch: fractional offset', fetchAt('offset=1.5')),
  invalid('fetch: offset and timestamp together', fetchAt('offset=0&timestamp=0')),
  invalid('fetch: negative timestamp', fetchAt('timestamp=-5')),
  invalid('fetch: limit 0', fetchAt('limit=0')),
  invalid('fetch: limit 10,001', fetchAt('limit=10001')),
  invalid('fetch: maxBytes 0', fetchAt('maxBytes=0')),
  invalid('fetch: maxBytes over 4 MiB', fetchAt(`maxBytes=${4 * MiB + 1}`)),
  invalid('fetch: waitMs -1', fetchAt('waitMs=-1')),
  invalid('fetch: waitMs 20,001', fetchAt('waitMs=20001')),
  invalid('fetch: non-numeric waitMs', fetchAt('waitMs=soon')),
  invalid('fetch: unknown encoding', fetchAt('encoding=hex')),
  invalid('fetch: unknown query parameter', fetchAt('offset=0&isolation=read_committed')),
  invalid('fetch: partition out of range', fetchAt('offset=0', 2)),
  invalid('fetch: partition 1025', fetchAt('offset=0', 1025)),
  invalid('fetch: negative partition', fetchAt('offset=0', -1)),
  invalid('fetch: non-numeric partition', fetchAt('offset=0', 'first')),
  {
    what: 'fetch: offset above endOffset',
    send: fetchAt('offset=4'),
    status: 416,
    code: 'OFFSET_OUT_OF_RANGE',
    details: { startOffset: 0, endOffset: 3 },
  },
  {
    what: 'fetch: offset far above endOffset',
    send: fetchAt('offset=1000000'),
    status: 416,
    code: 'OFFSET_OUT_OF_RANGE',
    details: { startOffset: 0, endOffset: 3 },
  },

  // Offsets lookup.
  invalid('offsets: non-numeric timestamp', send('GET', '/v1/topics/orders/offsets?timestamp=yesterday')),
  invalid('offsets: negative timestamp', send('GET', '/v1/topics/orders/offsets?timestamp=-1')),
  invalid('offsets: unknown query parameter', send('GET', '/v1/topics/orders/offsets?partition=0')),

  // Unknown topic.
  ...(
    [
      ['describe', send('GET', '/v1/topics/ghost')],
      ['patch', send('PATCH', '/v1/topics/ghost', { partitions: 2 })],
      ['delete', send('DELETE', '/v1/topics/ghost')],
      ['produce', produce({ records: [record('a')] }, 'ghost')],
      [
        'produce with an Idempotency-Key',
        produce({ records: [record('a')] }, 'ghost', { 'idempotency-key': 'g' }),
      ],
      ['fetch', fetchAt('offset=0', 0, 'ghost')],
      ['offsets', send('GET', '/v1/topics/ghost/offsets')],
    ] as const
  ).map(([what, s]) => ({ what: `${what}: unknown topic`, send: s, status: 404, code: 'TOPIC_NOT_FOUND' })),

  // Unknown route.
  ...(
    [
      ['GET /v2/topics', send('GET', '/v2/topics')],
      ['GET /v1/nothing', send('GET', '/v1/nothing')],
      ['GET a partition without /records', send('GET', '/v1/topics/orders/partitions/0')],
      // URL parsing resolves `.` and `..` path segments before routing, so they never name a topic.
      ['GET /v1/topics/..', raw('GET', '/v1/topics/..')],
      ['GET /v1/topics/.', raw('GET', '/v1/topics/.')],
      ['DELETE /v1/topics/..', raw('DELETE', '/v1/topics/..')],
      ['POST /v1/topics/../records', raw('POST', '/v1/topics/../records')],
      ['GET /v1/topics/../partitions/0/records', raw('GET', '/v1/topics/../partitions/0/records')],
    ] as const
  ).map(([what, s]) => ({ what: `unknown route: ${what}`, send: s, status: 404, code: 'NOT_FOUND' })),

  // A route that exists, with a method it does not answer.
  ...(
    [
      ['PUT /v1/topics', send('PUT', '/v1/topics', { name: 't1' })],
      ['DELETE /v1/topics', send('DELETE', '/v1/topics')],
      ['POST /health', send('POST', '/health', {})],
    ] as const
  ).map(([what, s]) => ({ what: `wrong method: ${what}`, send: s, status: 405, code: 'METHOD_NOT_ALLOWED' })),
]

describe('every rejected request answers its typed error and changes nothing', () => {
  it.each(cases)('$what → $status $code', async ({ send: request, status, code, details }) => {
    const before = await snapshot()
    const response = await request()

    expect(response.status).toBe(status)
    const body = JSON.parse(response.text)
    expect(Object.keys(body)).toEqual(['error'])
    expect(body.error).toMatchObject({ code, retriable: false, ...details })
    expect(typeof body.error.message).toBe('string')
    expect(body.error.message.length).toBeGreaterThan(0)
    expect(response.text).not.toMatch(/\\n\s+at |at \S+ \(.*:\d+:\d+\)|\.ts:\d+|node_modules|"stack"/)

    expect(await snapshot()).toEqual(before)
    const health = await call('GET', '/health')
    expect(health).toMatchObject({ status: 200, body: { status: 'ok' } })
  })

  it('still accepts the requests these were variations of', async () => {
    expect((await call('POST', '/v1/topics', { name: 'a'.repeat(249), partitions: 1024 })).status).toBe(201)
    expect((await call('POST', '/v1/topics', { name: 'A-z_0.9', retentionMs: 1000 })).status).toBe(201)
    const atEnd = await call('GET', '/v1/topics/orders/partitions/0/records?offset=3')
    expect(atEnd.body).toMatchObject({ records: [], nextOffset: 3, startOffset: 0, endOffset: 3 })
    const replay = await call(
      'POST',
      '/v1/topics/orders/records',
      {
        records: [
          { value: 'd', partition: 1 },
          { value: 'e', partition: 1 },
        ],
      },
      { 'idempotency-key': 'order-1' },
    )
    expect(replay.body.records).toEqual([
      expect.objectContaining({ partition: 1, offset: 0 }),
      expect.objectContaining({ partition: 1, offset: 1 }),
    ])
  })
})
