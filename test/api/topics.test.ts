import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningService } from '../../functions/local/serve.js'
import { api } from '../support/http.js'
import { startTestService } from '../support/service.js'

let service: RunningService
let call: ReturnType<typeof api>

beforeAll(async () => {
  service = await startTestService()
  call = api(service.url)
})
afterAll(() => service.stop())

describe('topics', () => {
  it('creates, lists sorted, describes, grows and deletes a topic', async () => {
    const created = await call('POST', '/v1/topics', { name: 'zeta', partitions: 2, retentionMs: 60_000 })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ name: 'zeta', partitions: 2, retentionMs: 60_000 })
    expect(typeof created.body.createdAt).toBe('number')
    await call('POST', '/v1/topics', { name: 'alpha' })

    const list = await call('GET', '/v1/topics')
    expect(list.body.topics.map((t: { name: string }) => t.name)).toEqual(['alpha', 'zeta'])
    expect(list.body.topics[0]).toMatchObject({ partitions: 1, retentionMs: 604_800_000 })

    const described = await call('GET', '/v1/topics/zeta')
    expect(described.body.offsets).toEqual([
      { partition: 0, startOffset: 0, endOffset: 0 },
      { partition: 1, startOffset: 0, endOffset: 0 },
    ])

    const grown = await call('PATCH', '/v1/topics/zeta', { partitions: 4 })
    expect(grown.status).toBe(200)
    expect(grown.body.partitions).toBe(4)

    expect((await call('DELETE', '/v1/topics/zeta')).status).toBe(204)
    expect((await call('GET', '/v1/topics/zeta')).status).toBe(404)
  })

  it('refuses a second topic of the same name', async () => {
    await call('POST', '/v1/topics', { name: 'twice' })
    const again = await call('POST', '/v1/topics', { name: 'twice', partitions: 3 })
    expect(again.status).toBe(409)
    expect(again.body.error).toMatchObject({ code: 'TOPIC_EXISTS', retriable: false })
    expect((await call('GET', '/v1/topics/twice')).body.partitions).toBe(1)
  })

  it('starts a re-created topic at offset 0 with none of the old records', async () => {
    await call('POST', '/v1/topics', { name: 'phoenix' })
    const first = await call('POST', '/v1/topics/phoenix/records', {
      records: [{ value: 'old-1' }, { value: 'old-2' }],
    })
    expect(first.body.records.map((r: { offset: number }) => r.offset)).toEqual([0, 1])
    await call('DELETE', '/v1/topics/phoenix')
    await call('POST', '/v1/topics', { name: 'phoenix' })
    const fetched = await call('GET', '/v1/topics/phoenix/partitions/0/records')
    expect(fetched.body).toMatchObject({ records: [], startOffset: 0, endOffset: 0 })
    const again = await call('POST', '/v1/topics/phoenix/records', { records: [{ value: 'new' }] })
    expect(again.body.records[0].offset).toBe(0)
    const read = await call('GET', '/v1/topics/phoenix/partitions/0/records')
    expect(read.body.records.map((r: { value: string }) => r.value)).toEqual(['new'])
  })
})

describe('CORS', () => {
  it('answers a browser preflight from another origin', async () => {
    const response = await fetch(`${service.url}/v1/topics/x/records`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://app.example.com',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type,idempotency-key',
      },
    })
    expect(response.status).toBe(204)
    expect(response.headers.get('access-control-allow-origin')).toBe('*')
    expect(response.headers.get('access-control-allow-headers')).toContain('idempotency-key')
  })

  it('lets a browser read answers and errors alike', async () => {
    const headers = { origin: 'https://app.example.com' }
    const ok = await call('GET', '/health', undefined, headers)
    const missing = await call('GET', '/v1/topics/no-such-topic', undefined, headers)
    expect([ok.status, missing.status]).toEqual([200, 404])
    expect(ok.headers.get('access-control-allow-origin')).toBe('*')
    expect(missing.headers.get('access-control-allow-origin')).toBe('*')
    expect(missing.body.error.code).toBe('TOPIC_NOT_FOUND')
  })
})
