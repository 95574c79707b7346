import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningService } from '../../functions/local/serve.js'
import { api } from '../support/http.js'
import { startTestService } from '../support/service.js'

/**
 * A transaction with `produce: []` and a commit (docs/api.md, Transactions: "`produce` may be empty when
 * there is a `commit`") is fenced as any other: a commit its lease does not cover is 409 FENCED, one
 * that does not move the offset forward 409 ALREADY_COMMITTED, and neither commits anything.
 */

let service: RunningService
let call: ReturnType<typeof api>
let epoch: number

beforeAll(async () => {
  service = await startTestService()
  call = api(service.url)
  await call('POST', '/v1/topics', { name: 'in', partitions: 1 })
  await call('POST', '/v1/topics/in/records', { records: [{ value: 'a' }, { value: 'b' }, { value: 'c' }] })
  const lease = await call('PUT', '/v1/groups/pipe/topics/in/partitions/0/lease', {
    memberId: 'worker',
    leaseMs: 300_000,
  })
  epoch = lease.body.epoch
})
afterAll(() => service.stop())

const commitOnly = (offset: number, e: number, memberId = 'worker', group = 'pipe') => ({
  produce: [],
  commit: { group, topic: 'in', memberId, offsets: [{ partition: 0, offset, epoch: e }] },
})
const committed = async (group = 'pipe') => (await call('GET', `/v1/groups/${group}/offsets`)).body

describe('a commit-only transaction', () => {
  it('commits under the live lease', async () => {
    const answer = await call('POST', '/v1/transactions', commitOnly(1, epoch))
    expect(answer).toMatchObject({ status: 200, body: { produce: [] } })
    expect(await committed()).toEqual({ offsets: [{ topic: 'in', partition: 0, offset: 1 }] })
  })

  it('is refused with 409 FENCED under an epoch the member does not hold, committing nothing', async () => {
    const answer = await call('POST', '/v1/transactions', commitOnly(2, epoch + 1))
    expect(answer.status).toBe(409)
    expect(answer.body.error).toMatchObject({ code: 'FENCED', group: 'pipe', topic: 'in', partition: 0 })
    expect(await committed()).toEqual({ offsets: [{ topic: 'in', partition: 0, offset: 1 }] })
  })

  it('is refused with 409 FENCED from a member holding no lease at all', async () => {
    const answer = await call('POST', '/v1/transactions', commitOnly(1, 1, 'zombie', 'nobody'))
    expect(answer.status).toBe(409)
    expect(answer.body.error).toMatchObject({ code: 'FENCED', group: 'nobody' })
    expect((await call('GET', '/v1/groups/nobody/offsets')).status).toBe(404)
  })

  it('is refused with 409 ALREADY_COMMITTED when it does not move the offset forward', async () => {
    const answer = await call('POST', '/v1/transactions', commitOnly(1, epoch))
    expect(answer.status).toBe(409)
    expect(answer.body.error).toMatchObject({
      code: 'ALREADY_COMMITTED',
      committedOffset: 1,
      retriable: false,
    })
    expect(await committed()).toEqual({ offsets: [{ topic: 'in', partition: 0, offset: 1 }] })
  })
})
