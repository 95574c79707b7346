import { describe, expect, it } from 'vitest'
import { type Answer, checkAnswer } from '../support/contract.js'

/**
 * The check api() puts every answer of the HTTP tests through: it must refuse what the OpenAPI document
 * does not allow, or the suites' passing would prove nothing about the document.
 */

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Answer => ({
  status,
  headers: new Headers({ 'content-type': 'application/json', ...headers }),
  text: JSON.stringify(body),
})
const error = (status: number, code: string, details: Record<string, unknown> = {}) =>
  json(status, { error: { code, message: 'm', retriable: false, ...details } })
const topic = { name: 'orders', partitions: 2, retentionMs: 1000, createdAt: 1 }

describe('checkAnswer', () => {
  it.each([
    ['GET', '/health', json(200, { status: 'ok' })],
    ['POST', '/v1/topics', json(201, topic)],
    ['GET', '/v1/topics/orders', error(404, 'TOPIC_NOT_FOUND', { topic: 'orders' })],
    ['DELETE', '/v1/topics/orders', { status: 204, headers: new Headers(), text: '' }],
    [
      'GET',
      '/v1/topics/orders/partitions/0/records?offset=9',
      error(416, 'OFFSET_OUT_OF_RANGE', { startOffset: 0, endOffset: 3 }),
    ],
    ['POST', '/v1/topics/orders/records', error(503, 'UNAVAILABLE', { outcome: 'unknown', partial: true })],
    [
      'PUT',
      '/v1/topics',
      json(
        405,
        { error: { code: 'METHOD_NOT_ALLOWED', message: 'm', retriable: false } },
        { allow: 'GET, POST' },
      ),
    ],
    ['GET', '/v2/topics', error(404, 'NOT_FOUND')],
    ['GET', '/v1/nothing', error(401, 'UNAUTHENTICATED')],
    [
      'GET',
      '/docs',
      { status: 200, headers: new Headers({ 'content-type': 'text/html; charset=UTF-8' }), text: '<p>' },
    ],
  ] as const)('accepts %s %s answering what the document gives', (method, url, answer) => {
    expect(() => checkAnswer(method, url, answer)).not.toThrow()
  })

  it.each([
    [
      'a status the operation does not document',
      'GET',
      '/v1/topics/orders',
      error(409, 'TOPIC_EXISTS'),
      /answered 409.*describeTopic documents 200, 400/,
    ],
    [
      'a code its status does not carry there',
      'GET',
      '/v1/topics/orders',
      error(404, 'GROUP_NOT_FOUND'),
      /body\/error\/code must be equal to one of the allowed values/,
    ],
    [
      'a field the document does not name',
      'POST',
      '/v1/topics',
      json(201, { ...topic, replicas: 3 }),
      /must NOT have additional properties: "replicas"/,
    ],
    [
      'an error detail the document does not name',
      'GET',
      '/v1/topics/x',
      error(404, 'TOPIC_NOT_FOUND', { hint: 'x' }),
      /additional properties: "hint"/,
    ],
    [
      'a missing field',
      'POST',
      '/v1/topics',
      json(201, { name: 'orders' }),
      /must have required property 'partitions'/,
    ],
    ['a wrong type', 'GET', '/health', json(200, { status: 1 }), /body\/status must be string/],
    ['a body on a 204', 'DELETE', '/v1/topics/orders', json(204, {}), /a body where the document gives none/],
    [
      'another media type',
      'GET',
      '/health',
      { status: 200, headers: new Headers({ 'content-type': 'text/plain' }), text: 'ok' },
      /content-type text\/plain; expected application\/json/,
    ],
    [
      'a body that is not JSON',
      'GET',
      '/health',
      { status: 200, headers: new Headers({ 'content-type': 'application/json' }), text: '{' },
      /not JSON/,
    ],
    [
      'a 405 whose Allow differs from the documented methods',
      'PUT',
      '/v1/topics',
      json(405, { error: { code: 'METHOD_NOT_ALLOWED', message: 'm', retriable: false } }, { allow: 'GET' }),
      /Allow: GET; expected GET, POST/,
    ],
    ['an unserved path answering other than 404', 'GET', '/v2/topics', json(200, {}), /404 expected/],
  ] as const)('refuses %s', (_, method, url, answer, message) => {
    expect(() => checkAnswer(method, url, answer)).toThrow(message)
  })

  const read = json(200, { records: [], nextOffset: 0, startOffset: 0, endOffset: 0 })
  it.each([
    [
      'a body field it does not name',
      'POST',
      '/v1/topics',
      { name: 'o', replicas: 3 },
      {},
      json(201, topic),
      /body must NOT have additional properties: "replicas"/,
    ],
    [
      'a body against its rules',
      'POST',
      '/v1/topics',
      { name: 'o', partitions: 0 },
      {},
      json(201, topic),
      /body\/partitions must be >= 1/,
    ],
    [
      'a path parameter against its rules',
      'GET',
      '/v1/topics/a%2Ab',
      undefined,
      {},
      json(200, { ...topic, offsets: [] }),
      /path parameter topic must match pattern/,
    ],
    [
      'a query parameter against its rules',
      'GET',
      '/v1/topics/o/partitions/0/records?limit=many',
      undefined,
      {},
      read,
      /query parameter limit must be integer/,
    ],
    [
      'an Idempotency-Key against its rules',
      'POST',
      '/v1/topics/o/records',
      { records: [{ value: 'a' }] },
      { 'idempotency-key': 'has space' },
      json(200, { records: [] }),
      /header parameter Idempotency-Key must match pattern/,
    ],
  ] as const)('refuses a success to a request with %s', (_, method, url, body, headers, answer, message) => {
    const sent = { headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) }
    expect(() => checkAnswer(method, url, answer, sent)).toThrow(message)
  })

  it('takes a refusal of a request the document refuses as it is', () => {
    const sent = { body: JSON.stringify({ name: 'orders', partitions: 0 }) }
    expect(() => checkAnswer('POST', '/v1/topics', error(400, 'INVALID_REQUEST'), sent)).not.toThrow()
  })

  it('names the request, the status and the body in what it throws', () => {
    expect(() => checkAnswer('GET', '/v1/topics/orders', error(409, 'TOPIC_EXISTS'))).toThrow(
      /^GET \/v1\/topics\/orders answered 409, which the OpenAPI document does not allow: .*\nbody: \{"error"/,
    )
  })
})
