import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningService } from '../../functions/local/serve.js'
import type { ServiceDeps } from '../../functions/service.js'
import { createSubscription } from '../../functions/subscriptions/create.js'
import { type DeliveryRun, deliverPartition } from '../../functions/subscriptions/deliver-partition.js'
import { createTopic, produce } from '../groups/support.js'
import type { api } from '../support/http.js'
import { readAll, startDrivenService, startWebhook, webhookSubscription } from './support.js'

/**
 * Failure injection: the second transaction that commits offsets lands in DynamoDB, but its answer is
 * lost on the way back (a network cut, or the process dying right after): the run only sees an error.
 */
const transactions = { count: 0, lost: 0 }
const lostAnswers = (deps: ServiceDeps): ServiceDeps => {
  const index = deps.index
  return {
    ...deps,
    index: new Proxy(index, {
      get(target, property, receiver) {
        const member = Reflect.get(target, property, receiver)
        if (property !== 'writeEntries' || typeof member !== 'function') return member
        return async (...args: unknown[]) => {
          const result = await member.apply(target, args)
          const extra = args[1] as unknown[] | undefined
          if (extra && extra.length > 0 && ++transactions.count === 2) {
            transactions.lost++
            throw new Error('the answer of a transaction that landed was lost')
          }
          return result
        }
      },
    }),
  }
}

let service: RunningService
let call: ReturnType<typeof api>

beforeAll(async () => {
  ;({ service, call } = await startDrivenService({ wrap: lostAnswers }))
})
afterAll(async () => {
  await service.stop()
})

/** Runs deliveries until the partition is idle, waking each retry at once and counting failed runs. */
async function deliverAll(subscription: string) {
  const runs: (DeliveryRun | 'failed')[] = []
  for (let i = 0; i < 50; i++) {
    const run = await deliverPartition(
      service.deps,
      { subscription, partition: 0 },
      { wakeAt: Number.MAX_SAFE_INTEGER },
    ).catch(() => 'failed' as const)
    runs.push(run)
    if (run !== 'failed' && run.outcome === 'idle') return runs
  }
  throw new Error(`not idle after 50 runs: ${JSON.stringify(runs)}`)
}

describe('exactly-once delivery', () => {
  it("appends each batch's output once, whatever fails after the target processed it", async () => {
    await createTopic(call, 'eo-in', 1)
    await createTopic(call, 'eo-out', 1)
    // Per batch: the first delivery is processed, then answered 500; the second is processed and its
    // answer lost; the third answers the output.
    const seen = new Map<string, number>()
    const hook = await startWebhook((d) => {
      const key = String(d.headers['idempotency-key'])
      const times = (seen.get(key) ?? 0) + 1
      seen.set(key, times)
      if (times === 1) return { status: 500 }
      if (times === 2) return 'drop'
      const records = d.event.records.map((r) => ({ key: r.key, value: `out-${r.value}` }))
      return { status: 200, body: { produce: [{ topic: 'eo-out', records }] } }
    })
    await createSubscription(
      service.deps,
      webhookSubscription('eo-hook', 'eo-in', hook.url, {
        delivery: 'exactly-once',
        batch: { maxRecords: 2 },
        retry: { maxAttempts: 10, minBackoffMs: 1, maxBackoffMs: 1 },
      }),
    )
    const inputs = ['i0', 'i1', 'i2', 'i3', 'i4', 'i5']
    await produce(call, 'eo-in', 0, inputs)
    // And the transaction of the second batch lands, but its answer is lost (the engine settles it).
    const runs = await deliverAll('eo-hook')
    expect(transactions.lost).toBe(1)
    expect(runs.at(-1)).toMatchObject({ outcome: 'idle' })
    const outputs = (await readAll(call, 'eo-out')).map((r) => r.value)
    expect(outputs.sort()).toEqual(inputs.map((v) => `out-${v}`))
    expect([...seen.values()].every((times) => times >= 3)).toBe(true)
    await hook.close()
  })
})
