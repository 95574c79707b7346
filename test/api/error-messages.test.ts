import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningService } from '../../functions/local/serve.js'
import { api } from '../support/http.js'
import { startTestService } from '../support/service.js'

/**
 * A 400 says what is wrong: the field, the rule it broke (type, range, limit) and the value it got, so a
 * caller can fix the request from the message alone.
 */

let service: RunningService
let call: ReturnType<typeof api>

beforeAll(async () => {
  service = await startTestService()
  call = api(service.url)
  await call('POST', '/v1/topics', { name: 'orders', partitions: 1 })
})
afterAll(() => service.stop())

const cases: { what: string; method: string; path: string; body?: unknown; message: string }[] = [
  ...(['"3"', '0', '1.5', '2000', 'null'] as const).map((got) => ({
    what: `partitions ${got}`,
    method: 'POST',
    path: '/v1/topics',
    body: `{"name": "t", "partitions": ${got}}`,
    message: `body.partitions must be an integer from 1 to 1024; got ${got}`,
  })),
  {
    what: 'a misspelled field',
    method: 'POST',
    path: '/v1/topics',
    body: { name: 't', partitons: 3 },
    message: 'body has an unknown field "partitons"',
  },
  {
    what: 'an unknown field deep in the body',
    method: 'POST',
    path: '/v1/topics/orders/records',
    body: { records: [{ value: 'a' }, { value: 'b', vaule: 'c' }] },
    message: 'body.records[1] has an unknown field "vaule"',
  },
  {
    what: 'a missing field',
    method: 'POST',
    path: '/v1/topics',
    body: { partitions: 3 },
    message: 'body.name is required',
  },
  {
    what: 'a body that is not an object',
    method: 'POST',
    path: '/v1/topics',
    body: '[1]',
    message: 'body must be an object; got [1]',
  },
  {
    what: 'a retention below its minimum',
    method: 'POST',
    path: '/v1/topics',
    body: { name: 't', retentionMs: 5 },
    message: 'body.retentionMs must be -1 (forever) or an integer of at least 1000; got 5',
  },
  {
    what: 'a long bad name, cut',
    method: 'POST',
    path: '/v1/topics',
    body: { name: `a b${'c'.repeat(100)}` },
    message: `body.name must match ^[A-Za-z0-9._-]{1,249}$; got "a b${'c'.repeat(36)}…`,
  },
  {
    what: 'too many records',
    method: 'POST',
    path: '/v1/topics/orders/records',
    body: { records: Array.from({ length: 10_001 }, () => ({ value: '' })) },
    message: 'body.records has 10001 records; at most 10000 per request',
  },
  {
    what: 'no records',
    method: 'POST',
    path: '/v1/topics/orders/records',
    body: { records: [] },
    message: 'body.records has 0 records; at least 1',
  },
  {
    what: 'a fetch of no partitions',
    method: 'POST',
    path: '/v1/fetch',
    body: { partitions: [] },
    message: 'body.partitions has 0 partitions; at least 1',
  },
  {
    what: 'a value of the wrong type',
    method: 'POST',
    path: '/v1/topics/orders/records',
    body: { records: [{ value: 5 }] },
    message: 'body.records[0].value must be a string; got 5',
  },
  {
    what: 'an unknown encoding',
    method: 'POST',
    path: '/v1/topics/orders/records',
    body: { records: [{ value: 'a' }], encoding: 'hex' },
    message: 'body.encoding must be one of "utf8", "base64"; got "hex"',
  },
  {
    what: 'a fetch limit out of range',
    method: 'GET',
    path: '/v1/topics/orders/partitions/0/records?limit=0',
    message: 'query.limit must be an integer from 1 to 10000; got "0"',
  },
  {
    what: 'a fetch offset that is no position',
    method: 'GET',
    path: '/v1/topics/orders/partitions/0/records?offset=first',
    message: 'query.offset must be "earliest", "latest" or a non-negative integer; got "first"',
  },
  {
    what: 'a partition in the path that is no integer',
    method: 'GET',
    path: '/v1/topics/orders/partitions/x/records',
    message: 'partition must be a non-negative integer; got "x"',
  },
  {
    what: 'a reset to an unknown end',
    method: 'PUT',
    path: '/v1/groups/g/topics/orders/offsets',
    body: { to: 'start' },
    message: 'body.to must be one of "earliest", "latest"; got "start"',
  },
  {
    what: 'a reset of no known form',
    method: 'PUT',
    path: '/v1/groups/g/topics/orders/offsets',
    body: { to: 'earliest', timestamp: 5 },
    message:
      'body must have exactly one of the fields "to", "timestamp" or "offsets"; got {"to":"earliest","timestamp":5}',
  },
]

describe('a 400 names the field, the rule and what it got', () => {
  it.each(cases)('$what', async ({ method, path, body, message }) => {
    const response = await call(method, path, body)
    expect(response.status).toBe(400)
    expect(response.body.error).toMatchObject({ code: 'INVALID_REQUEST', message, retriable: false })
  })

  it('lists every problem in details.issues, with its path', async () => {
    const response = await call('POST', '/v1/topics', { name: 7, partitions: 0, extra: true })
    expect(response.status).toBe(400)
    expect(response.body.error.issues).toEqual([
      { path: 'name', message: 'body.name must be a string; got 7' },
      { path: 'partitions', message: 'body.partitions must be an integer from 1 to 1024; got 0' },
      { path: '', message: 'body has an unknown field "extra"' },
    ])
    expect(response.body.error.message).toBe(response.body.error.issues[0].message)
  })
})

describe('a wrong method on an existing route', () => {
  it.each([
    { method: 'PUT', path: '/v1/topics', allow: 'GET, POST' },
    { method: 'POST', path: '/v1/topics/orders', allow: 'DELETE, GET, PATCH' },
    { method: 'GET', path: '/v1/topics/orders/records', allow: 'POST' },
    { method: 'DELETE', path: '/health', allow: 'GET' },
  ])('$method $path answers 405 with Allow: $allow', async ({ method, path, allow }) => {
    const response = await call(method, path)
    expect(response.status).toBe(405)
    expect(response.headers.get('allow')).toBe(allow)
    expect(response.body.error).toEqual({
      code: 'METHOD_NOT_ALLOWED',
      message: `${path} answers ${allow}, not ${method}`,
      retriable: false,
    })
  })

  it('is told apart from a path no route has', async () => {
    const response = await call('PUT', '/v1/topics/orders/nothing')
    expect(response.status).toBe(404)
    expect(response.body.error.code).toBe('NOT_FOUND')
    expect(response.headers.get('allow')).toBeNull()
  })
})
