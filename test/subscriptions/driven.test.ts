import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readOffsets } from '../../functions/groups/offsets.js'
import type { RunningService } from '../../functions/local/serve.js'
import { alterSubscription } from '../../functions/subscriptions/alter.js'
import { createSubscription } from '../../functions/subscriptions/create.js'
import { deleteSubscription } from '../../functions/subscriptions/delete.js'
import { deliverPartition } from '../../functions/subscriptions/deliver-partition.js'
import { describeSubscription } from '../../functions/subscriptions/describe.js'
import { createTopic, produce } from '../groups/support.js'
import type { api } from '../support/http.js'
import {
  type RecordingWaker,
  startDrivenService,
  startWebhook,
  until,
  webhookSubscription,
} from './support.js'

/** Runs of the deliverer called by the test itself, so that what happens between them is the test's choice. */

let service: RunningService
let call: ReturnType<typeof api>
let waker: RecordingWaker

beforeAll(async () => {
  ;({ service, call, waker } = await startDrivenService())
})
afterAll(async () => {
  await service.stop()
})

/** A webhook that holds its first request until the test lets it answer. */
async function gatedWebhook() {
  let open!: () => void
  const gate = new Promise<void>((resolve) => {
    open = resolve
  })
  const hook = await startWebhook(async (d) => {
    if (d === hook.received[0]) await gate
    return { status: 200 }
  })
  return { ...hook, open }
}

const run = (subscription: string) => deliverPartition(service.deps, { subscription, partition: 0 })

describe('driven delivery', () => {
  it('pauses after the batch in flight, delivers nothing while paused, and resumes from the committed offset', async () => {
    await createTopic(call, 'pausing', 1)
    const hook = await gatedWebhook()
    await createSubscription(
      service.deps,
      webhookSubscription('pausing-hook', 'pausing', hook.url, { batch: { maxRecords: 1 } }),
    )
    await produce(call, 'pausing', 0, ['p0', 'p1', 'p2'])
    const first = run('pausing-hook')
    await until(
      'the first batch in flight',
      () => hook.received.length,
      (n) => n === 1,
    )
    await alterSubscription(service.deps, 'pausing-hook', { paused: true })
    hook.open()
    expect(await first).toEqual({ outcome: 'paused', delivered: 1, deadLettered: 0 })
    expect(await run('pausing-hook')).toMatchObject({ outcome: 'paused', delivered: 0 })
    expect(hook.received).toHaveLength(1)
    const paused = await describeSubscription(service.deps, 'pausing-hook')
    expect(paused).toMatchObject({
      paused: true,
      partitions: [{ committedOffset: 1, lag: 2, state: 'paused' }],
    })

    const woken = waker.wakes.length
    await alterSubscription(service.deps, 'pausing-hook', { paused: false })
    expect(waker.wakes.slice(woken)).toEqual([
      { job: { subscription: 'pausing-hook', partition: 0 }, atMs: undefined },
    ])
    expect(await run('pausing-hook')).toMatchObject({ outcome: 'idle', delivered: 2 })
    expect(hook.received.map((d) => d.event.records[0]?.value)).toEqual(['p0', 'p1', 'p2'])
    await hook.close()
  })

  it('stops delivering a subscription deleted mid-delivery; its group keeps the offsets', async () => {
    await createTopic(call, 'deleting', 1)
    const hook = await gatedWebhook()
    await createSubscription(
      service.deps,
      webhookSubscription('deleting-hook', 'deleting', hook.url, { batch: { maxRecords: 2 } }),
    )
    await produce(call, 'deleting', 0, ['d0', 'd1', 'd2', 'd3'])
    const running = run('deleting-hook')
    await until(
      'the first batch in flight',
      () => hook.received.length,
      (n) => n === 1,
    )
    await deleteSubscription(service.deps, 'deleting-hook')
    hook.open()
    expect(await running).toEqual({ outcome: 'gone', delivered: 2, deadLettered: 0 })
    expect(await run('deleting-hook')).toMatchObject({ outcome: 'gone', delivered: 0 })
    expect(hook.received).toHaveLength(1)
    expect(await readOffsets(service.deps, 'deleting-hook', () => true)).toEqual({
      offsets: [{ topic: 'deleting', partition: 0, offset: 2 }],
    })
    await hook.close()
  })

  it('lets one of two racing deliverers deliver; the other returns without a request', async () => {
    await createTopic(call, 'racing', 1)
    const hook = await gatedWebhook()
    await createSubscription(service.deps, webhookSubscription('racing-hook', 'racing', hook.url))
    await produce(call, 'racing', 0, ['r0', 'r1', 'r2'])
    const runs = [run('racing-hook'), run('racing-hook')]
    const loser = await Promise.race(runs)
    expect(loser).toEqual({ outcome: 'held', delivered: 0, deadLettered: 0 })
    hook.open()
    const outcomes = (await Promise.all(runs)).map((r) => r.outcome).sort()
    expect(outcomes).toEqual(['held', 'idle'])
    expect(hook.received.map((d) => d.event.records.map((r) => r.offset))).toEqual([[0, 1, 2]])
    await hook.close()
  })

  it('commits the records before a failedOffset and delivers the batch from it next', async () => {
    await createTopic(call, 'partial', 1)
    const hook = await startWebhook((d) => ({
      status: 200,
      body: d === hook.received[0] ? { failedOffset: 2 } : {},
    }))
    await createSubscription(service.deps, webhookSubscription('partial-hook', 'partial', hook.url))
    await produce(call, 'partial', 0, ['f0', 'f1', 'f2', 'f3', 'f4'])
    expect(await run('partial-hook')).toEqual({ outcome: 'idle', delivered: 5, deadLettered: 0 })
    expect(hook.received.map((d) => [d.headers['idempotency-key'], d.event.attempt])).toEqual([
      ['partial-hook/0/0-4', 1],
      ['partial-hook/0/2-4', 1],
    ])
    await hook.close()
  })
})
