import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningService } from '../../functions/local/serve.js'
import { api } from '../support/http.js'
import { startTestService } from '../support/service.js'
import { type Call, createTopic, leasePath } from './support.js'

let service: RunningService
let call: Call

beforeAll(async () => {
  service = await startTestService()
  call = api(service.url)
  await createTopic(call, 'race', 1)
})
afterAll(() => service.stop())

let round = 0

describe('racing lease acquisitions (DESIGN.md invariant 5)', () => {
  it('has exactly one winner, every time, and the epoch rises by one per change of owner', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 2, max: 24 }), fc.boolean(), async (racers, previouslyHeld) => {
        const group = `race-${round++}`
        const ids = Array.from({ length: racers }, (_, i) => `m${i}`)
        await Promise.all(
          ids.map((id) => call('PUT', `/v1/groups/${group}/members/${id}`, { topics: ['race'] })),
        )
        let epochBefore = 0
        if (previouslyHeld) {
          // A lease that was held and released: the race is for a lease with history.
          await call('PUT', `/v1/groups/${group}/members/old`, { topics: ['race'] })
          const old = await call('PUT', leasePath(group, 'race', 0), { memberId: 'old' })
          epochBefore = old.body.epoch
          await call('DELETE', `${leasePath(group, 'race', 0)}?memberId=old&epoch=${epochBefore}`)
        }
        const answers = await Promise.all(
          ids.map((id) => call('PUT', leasePath(group, 'race', 0), { memberId: id })),
        )
        const winners = answers.filter((a) => a.status === 200)
        expect(winners).toHaveLength(1)
        const winner = winners[0]?.body
        expect(winner.epoch).toBe(epochBefore + 1)
        for (const loser of answers.filter((a) => a.status !== 200)) {
          expect(loser.status).toBe(409)
          expect(loser.body.error).toMatchObject({ code: 'LEASE_HELD', owner: winner.memberId })
        }
        const described = await call('GET', `/v1/groups/${group}`)
        expect(described.body.topics[0].partitions[0]).toMatchObject({
          owner: winner.memberId,
          epoch: winner.epoch,
        })
      }),
      { numRuns: 15 },
    )
  })
})
