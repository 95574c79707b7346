import type { APIGatewayProxyResult } from 'aws-lambda'
import { handle } from 'hono/aws-lambda'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../functions/app/app.js'
import type { RunningService } from '../../functions/local/serve.js'
import { api } from '../support/http.js'
import { functionUrlEvent, lambdaContext } from '../support/lambda-events.js'
import { startTestService } from '../support/service.js'

/**
 * A fetch answer must fit Lambda's 6 MB response payload whatever the records hold. Answers go
 * through the app behind the Lambda handler, as in AWS, and are measured as the Lambda runtime
 * serializes them: the JSON body is a string inside the JSON payload, so it is escaped once more.
 */

/** The bound the service keeps answers under, envelope included (docs/api.md, Fetch). */
const ANSWER_BOUND = 5_500_000
const KiB = 1024
const MiB = 1024 * KiB

let service: RunningService
let call: ReturnType<typeof api>
let lambda: (event: unknown, context: unknown) => Promise<APIGatewayProxyResult>

beforeAll(async () => {
  service = await startTestService()
  call = api(service.url)
  lambda = handle(createApp(service.deps)) as typeof lambda
})
afterAll(() => service.stop())

/** Produces records whose values are `size` bytes of `byte`, one request each (bodies stay under 5 MiB). */
async function produceBytes(topic: string, partition: number, count: number, size: number, byte: number) {
  for (let i = 0; i < count; i++) {
    const value = Buffer.alloc(size, byte).toString('base64')
    const answer = await call('POST', `/v1/topics/${topic}/records`, {
      records: [{ value, partition }],
      encoding: 'base64',
    })
    expect(answer.status, JSON.stringify(answer.body)).toBe(200)
  }
}

async function viaLambda(method: string, path: string, options: Parameters<typeof functionUrlEvent>[2]) {
  const result = await lambda(functionUrlEvent(method, path, options), lambdaContext)
  return {
    status: result.statusCode,
    body: JSON.parse(result.body),
    payloadBytes: Buffer.byteLength(JSON.stringify(result)),
  }
}

const fetchPath = (topic: string, partition = 0) => `/v1/topics/${topic}/partitions/${partition}/records`

describe('a fetch answer', () => {
  it('stops before its serialized size passes the bound, even when escaping grows records seven-fold', async () => {
    await call('POST', '/v1/topics', { name: 'control-chars' })
    // 0x01 is `\u0001` in JSON (six bytes) and `\\u0001` once the payload escapes the body (seven).
    await produceBytes('control-chars', 0, 3, 512 * KiB, 0x01)
    const query = { offset: '0', maxBytes: String(4 * MiB) }

    const first = await viaLambda('GET', fetchPath('control-chars'), { query })
    expect(first.status).toBe(200)
    expect(first.payloadBytes).toBeLessThanOrEqual(ANSWER_BOUND)
    expect(first.body.records.map((r: { offset: number }) => r.offset)).toEqual([0])
    expect(first.body.records[0].value).toBe('\u0001'.repeat(512 * KiB))
    expect(first.body).toMatchObject({ nextOffset: 1, endOffset: 3 })

    // Nothing is lost: the next fetch goes on from there.
    const next = await viaLambda('GET', fetchPath('control-chars'), { query: { ...query, offset: '1' } })
    expect(next.payloadBytes).toBeLessThanOrEqual(ANSWER_BOUND)
    expect(next.body.records.map((r: { offset: number }) => r.offset)).toEqual([1])
  })

  it('of 4 MiB of records in base64 (5.6 MB of text) stops at the bound', async () => {
    await call('POST', '/v1/topics', { name: 'binary' })
    await produceBytes('binary', 0, 4, MiB - 64, 0xff)
    const answer = await viaLambda('GET', fetchPath('binary'), {
      query: { offset: '0', maxBytes: String(4 * MiB), encoding: 'base64' },
    })
    expect(answer.status).toBe(200)
    expect(answer.payloadBytes).toBeLessThanOrEqual(ANSWER_BOUND)
    expect(answer.body.records.map((r: { offset: number }) => r.offset)).toEqual([0, 1, 2])
    expect(answer.body.nextOffset).toBe(3)
  })

  it('holds one record of the largest size in base64, and refuses it in utf8 where it cannot fit', async () => {
    await call('POST', '/v1/topics', { name: 'largest' })
    await produceBytes('largest', 0, 1, MiB, 0x01)

    const base64 = await viaLambda('GET', fetchPath('largest'), { query: { encoding: 'base64' } })
    expect(base64.status).toBe(200)
    expect(base64.payloadBytes).toBeLessThanOrEqual(ANSWER_BOUND)
    expect(Buffer.from(base64.body.records[0].value, 'base64')).toEqual(Buffer.alloc(MiB, 0x01))

    // 1 MiB of control characters is 7.3 MB as utf8 JSON in the payload: no answer can hold it.
    const utf8 = await viaLambda('GET', fetchPath('largest'), {})
    expect(utf8.payloadBytes).toBeLessThanOrEqual(ANSWER_BOUND)
    expect(utf8.status).toBe(413)
    expect(utf8.body.error).toMatchObject({
      code: 'RECORD_TOO_LARGE',
      retriable: false,
      topic: 'largest',
      partition: 0,
      offset: 0,
    })
    expect(utf8.body.error.message).toContain('encoding=base64')
  })

  it('over several partitions stays under the bound, each partition resuming where its records stopped', async () => {
    await call('POST', '/v1/topics', { name: 'many', partitions: 3 })
    await produceBytes('many', 0, 2, 512 * KiB, 0x01)
    await produceBytes('many', 1, 2, 512 * KiB, 0x01)
    await produceBytes('many', 2, 1, MiB, 0x01)
    const answer = await viaLambda('POST', '/v1/fetch', {
      body: {
        partitions: [0, 1, 2].map((partition) => ({ topic: 'many', partition, offset: 0 })),
        maxBytes: 4 * MiB,
      },
    })
    expect(answer.status).toBe(200)
    expect(answer.payloadBytes).toBeLessThanOrEqual(ANSWER_BOUND)
    const [p0, p1, p2] = answer.body.partitions
    expect(p0.records.map((r: { offset: number }) => r.offset)).toEqual([0])
    expect(p0.nextOffset).toBe(1)
    expect(p1).toMatchObject({ records: [], nextOffset: 0, endOffset: 2 })
    // A record no answer can hold in this encoding answers an error in its partition's place.
    expect(p2.error).toMatchObject({ code: 'RECORD_TOO_LARGE', topic: 'many', partition: 2, offset: 0 })
  })
})
