import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningService } from '../../functions/local/serve.js'
import type { ServiceDeps } from '../../functions/service.js'
import { createSubscription } from '../../functions/subscriptions/create.js'
import { describeSubscription } from '../../functions/subscriptions/describe.js'
import { createTopic, produce } from '../groups/support.js'
import type { api } from '../support/http.js'
import { startDeliveringService, startWebhook, until, webhookSubscription } from './support.js'

/** Counts every call to a store: what the deliverer and the dispatcher cost while nothing is produced. */
function counting<T extends object>(store: T, counter: { calls: number }): T {
  return new Proxy(store, {
    get(target, property, receiver) {
      const member = Reflect.get(target, property, receiver)
      if (typeof member !== 'function') return member
      return (...args: unknown[]) => {
        counter.calls++
        return member.apply(target, args)
      }
    },
  })
}

const storage = { calls: 0 }
let service: RunningService
let call: ReturnType<typeof api>

beforeAll(async () => {
  ;({ service, call } = await startDeliveringService({
    wrap: (deps: ServiceDeps) => ({
      ...deps,
      subscriptions: counting(deps.subscriptions, storage),
      groups: counting(deps.groups, storage),
      index: counting(deps.index, storage),
      catalog: counting(deps.catalog, storage),
    }),
  }))
})
afterAll(async () => {
  await service.stop()
})

/** Lets the stream reader poll about this many times (every 50 ms) with nothing appended. */
const quietPeriod = (polls: number) => new Promise((r) => setTimeout(r, polls * 50))

describe('an idle subscription', () => {
  it('makes no delivery, no target request and no storage call while nothing is produced', async () => {
    await createTopic(call, 'quiet', 2)
    const hook = await startWebhook()
    await createSubscription(service.deps, webhookSubscription('quiet-hook', 'quiet', hook.url))
    await produce(call, 'quiet', 0, ['q0', 'q1'])
    await until(
      'delivered',
      () => hook.received.length,
      (n) => n === 1,
    )
    const idle = async () => (await describeSubscription(service.deps, 'quiet-hook')).partitions
    await until('idle', idle, (ps) => ps.every((p) => p.state === 'idle' && p.lag === 0))
    // The wake that follows creation (once dispatchers have the new subscription) comes and goes.
    let last = -1
    await until(
      'storage settled',
      async () => {
        const seen = storage.calls
        await quietPeriod(30)
        const settled = seen === storage.calls && seen === last
        last = storage.calls
        return settled
      },
      (settled) => settled,
    )

    const before = { calls: storage.calls, requests: hook.received.length }
    await quietPeriod(40)
    expect({ calls: storage.calls, requests: hook.received.length }).toEqual(before)

    // The counters are live: one record is one delivery again.
    await produce(call, 'quiet', 1, ['q2'])
    await until(
      'delivered',
      () => hook.received.length,
      (n) => n === 2,
    )
    expect(storage.calls).toBeGreaterThan(before.calls)
    await hook.close()
  })
})
