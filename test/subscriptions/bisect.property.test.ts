import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningService } from '../../functions/local/serve.js'
import { createSubscription } from '../../functions/subscriptions/create.js'
import { deliverPartition } from '../../functions/subscriptions/deliver-partition.js'
import { DeliveryError, type DeliveryTarget } from '../../functions/subscriptions/delivery-target.js'
import { backoffMs } from '../../functions/subscriptions/retry-policy.js'
import { createTopic, produce } from '../groups/support.js'
import type { api } from '../support/http.js'
import { readAll, startDrivenService } from './support.js'

/**
 * The bisect and dead-letter policy against the real store: a target (in the service's slot for
 * Lambda targets, in process) fails every batch that holds a poison record and accepts every other.
 */

const targets = new Map<string, DeliveryTarget>()
let service: RunningService
let call: ReturnType<typeof api>

beforeAll(async () => {
  ;({ service, call } = await startDrivenService({
    subscriptions: { lambdaTarget: (arn) => targets.get(arn) as DeliveryTarget },
  }))
})
afterAll(async () => {
  await service.stop()
})

let runs = 0

describe('bisecting to the dead-letter topic', () => {
  it('delivers every other record once in order and dead-letters each poison record once', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 12 }).chain((count) =>
          fc.record({
            count: fc.constant(count),
            poison: fc.uniqueArray(fc.integer({ min: 0, max: count - 1 }), { maxLength: count }),
            maxRecords: fc.integer({ min: 1, max: 8 }),
            maxAttempts: fc.integer({ min: 1, max: 3 }),
          }),
        ),
        async ({ count, poison, maxRecords, maxAttempts }) => {
          const name = `prop-${runs++}`
          const functionArn = `arn:aws:lambda:us-east-1:123456789012:function:${name}`
          const accepted: number[] = []
          const poisoned = new Set(poison)
          targets.set(functionArn, {
            async deliver({ event }) {
              const offsets = event.records.map((r) => r.offset)
              if (offsets.some((o) => poisoned.has(o))) throw new DeliveryError('poison in the batch')
              accepted.push(...offsets)
              return {}
            },
          })
          await createTopic(call, name, 1)
          await createTopic(call, `${name}-dlq`, 1)
          await createSubscription(service.deps, {
            name,
            topic: name,
            target: { type: 'lambda', functionArn },
            batch: { maxRecords },
            retry: { maxAttempts, minBackoffMs: 1, maxBackoffMs: 1 },
            deadLetterTopic: `${name}-dlq`,
          })
          await produce(
            call,
            name,
            0,
            Array.from({ length: count }, (_, i) => `r${i}`),
          )
          const committed: number[] = []
          for (let i = 0; ; i++) {
            if (i > 200) throw new Error('no end to the runs')
            // A wake at the end of any backoff: the run goes ahead at once.
            const run = await deliverPartition(
              service.deps,
              { subscription: name, partition: 0 },
              { wakeAt: Number.MAX_SAFE_INTEGER },
            )
            const group = await service.deps.groups.partition(name, name, 0)
            committed.push(group?.offset ?? 0)
            if (run.outcome === 'idle') break
            expect(run.outcome).toBe('retrying')
          }
          expect(accepted).toEqual(Array.from({ length: count }, (_, i) => i).filter((o) => !poisoned.has(o)))
          const letters = await readAll(call, `${name}-dlq`)
          expect(letters.map((l) => Number(l.headers['sluice-dlq-offset']))).toEqual(
            [...poison].sort((a, b) => a - b),
          )
          expect(letters.map((l) => l.value)).toEqual([...poison].sort((a, b) => a - b).map((o) => `r${o}`))
          // Commits only move forward, and end past every record.
          expect(committed).toEqual([...committed].sort((a, b) => a - b))
          expect(committed.at(-1)).toBe(count)
        },
      ),
      { numRuns: 15 },
    )
  }, 300_000)
})

describe('the retry backoff', () => {
  it('stays within minBackoffMs and maxBackoffMs, growing to the cap', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: 1, max: 1000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (min, extra, failures, random) => {
          const retry = { maxAttempts: 10, minBackoffMs: min, maxBackoffMs: min + extra }
          const wait = backoffMs(retry, failures, () => random)
          expect(wait).toBeGreaterThanOrEqual(min)
          expect(wait).toBeLessThanOrEqual(min + extra)
          if (min * 2 ** (failures - 1) >= retry.maxBackoffMs)
            expect(wait).toBeGreaterThanOrEqual(retry.maxBackoffMs / 2)
        },
      ),
    )
  })
})
