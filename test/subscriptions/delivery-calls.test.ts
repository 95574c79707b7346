import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { appendRecords } from '../../functions/engine/append.js'
import { createTopic } from '../../functions/engine/topics.js'
import { createService, type ServiceDeps } from '../../functions/service.js'
import { type AwsClients, createAwsClients } from '../../functions/storage/clients.js'
import { provisionStorage } from '../../functions/storage/provision.js'
import { createSubscription } from '../../functions/subscriptions/create.js'
import { deliverPartition } from '../../functions/subscriptions/deliver-partition.js'
import type { Subscription } from '../../functions/subscriptions/types.js'
import { testStorage } from '../support/service.js'
import {
  RecordingWaker,
  startWebhook,
  TEST_DELIVERY_TIMING,
  type WebhookAnswer,
  webhookSubscription,
} from './support.js'

// What a delivery run costs in DynamoDB requests, counted on the real client the service uses (an SDK
// middleware notes each request and the item it is for), on a fresh table.

/** Each request as `<operation> <item kind>`: the kinds of the table schema. */
const calls: string[] = []

function itemKind(input: Record<string, unknown>): string {
  const key = input.Key as { pk?: string; sk?: string } | undefined
  const values = input.ExpressionAttributeValues as Record<string, unknown> | undefined
  const pk = String(key?.pk ?? values?.[':pk'] ?? '')
  const sk = String(key?.sk ?? '')
  if (pk === 'subscriptions') return 'subscription'
  if (pk === 'topics') return 'topic'
  if (pk.startsWith('sub#')) return 'progress'
  if (pk.startsWith('g#')) return sk.startsWith('m#') ? 'member' : 'group partition'
  if (pk.startsWith('p#')) return sk === 'head' ? 'head' : 'entries'
  return pk || 'other'
}

function countCalls(clients: AwsClients): void {
  clients.dynamo.middlewareStack.add(
    (next, context) => async (args) => {
      const operation = (context.commandName ?? '').replace(/Command$/, '')
      calls.push(`${operation} ${itemKind(args.input as Record<string, unknown>)}`)
      return next(args)
    },
    { step: 'initialize', name: 'countDeliveryCalls' },
  )
}

const tally = (list: readonly string[]) => {
  const counts: Record<string, number> = {}
  for (const c of list) counts[c] = (counts[c] ?? 0) + 1
  return counts
}

let deps: ServiceDeps
let clients: AwsClients
const waker = new RecordingWaker()
let answer: WebhookAnswer = { status: 200 }
let webhook: Awaited<ReturnType<typeof startWebhook>>

beforeAll(async () => {
  const storage = testStorage()
  clients = createAwsClients(storage)
  await provisionStorage(clients, storage)
  countCalls(clients)
  deps = createService(storage, {
    clients,
    subscriptions: { timing: TEST_DELIVERY_TIMING, waker: () => waker },
  })
  webhook = await startWebhook(() => answer)
})
beforeEach(() => {
  answer = { status: 200 }
  waker.wakes.length = 0
})
afterAll(async () => {
  await webhook.close()
  clients.dynamo.destroy()
  clients.s3.destroy()
})

async function subscribed(name: string): Promise<Subscription> {
  await createTopic(deps, { name, partitions: 1 })
  await createSubscription(deps, webhookSubscription(`${name}-hook`, name, webhook.url))
  // The run its creation asks for: nothing to deliver yet.
  expect(await deliverPartition(deps, { subscription: `${name}-hook`, partition: 0 })).toMatchObject({
    outcome: 'idle',
    delivered: 0,
  })
  return (await deps.subscriptions.get(`${name}-hook`)) as Subscription
}

const produce = (topic: string, value: string) =>
  appendRecords(deps, topic, [
    { key: null, value: new TextEncoder().encode(value), headers: {}, partition: 0 },
  ])

/** One run of the partition's delivery, and the requests it made. */
async function counted(sub: Subscription, wakeAt?: number) {
  calls.length = 0
  const run = await deliverPartition(
    deps,
    { subscription: sub.name, partition: 0 },
    wakeAt === undefined ? {} : { wakeAt },
  )
  return { run, calls: tally(calls) }
}

describe('a delivery run’s storage calls', () => {
  it('delivers one record with the subscription, the lease, one fetch, one commit that releases, a look at the head', async () => {
    const sub = await subscribed('calls-one')
    await produce('calls-one', 'v1')
    const { run, calls } = await counted(sub)
    expect(run).toMatchObject({ outcome: 'idle', delivered: 1 })
    expect(calls).toEqual({
      // The config, once: the run ends with its only batch.
      'GetItem subscription': 1,
      // The lease as it stands (no progress kept: the partition is settled), then taken.
      'GetItem group partition': 1,
      // Taken; then committed and released in one write.
      'UpdateItem group partition': 2,
      // The fetch's head, and the look once the lease is released.
      'GetItem head': 2,
      // The fetch's walk of the index.
      'Query entries': 2,
    })
    expect(
      webhook
        .accepted()
        .at(-1)
        ?.event.records.map((r) => r.value),
    ).toEqual(['v1'])
    const state = await deps.groups.partition(sub.group, sub.topic, 0)
    expect(state).toMatchObject({ offset: 1 })
    expect(state?.owner).toBeUndefined()
    expect(state?.deliveryUnsettled).toBeUndefined()
  })

  it('reads delivery progress only where a run left some: after a failure, until a run clears it', async () => {
    const sub = await subscribed('calls-retry')
    await produce('calls-retry', 'r1')
    answer = { status: 503 }
    const failed = await counted(sub)
    expect(failed.run).toMatchObject({ outcome: 'retrying', delivered: 0 })
    const due = waker.wakes.at(-1)?.atMs as number
    expect(await deps.groups.partition(sub.group, sub.topic, 0)).toMatchObject({ deliveryUnsettled: true })

    answer = { status: 200 }
    const retried = await counted(sub, due)
    expect(retried.run).toMatchObject({ outcome: 'idle', delivered: 1 })
    expect(retried.calls['GetItem progress']).toBe(1)
    expect(webhook.accepted().at(-1)?.event).toMatchObject({ attempt: 2 })
    expect(await deps.subscriptions.progress(sub.id, 0)).toBeUndefined()
    expect((await deps.groups.partition(sub.group, sub.topic, 0))?.deliveryUnsettled).toBeUndefined()

    await produce('calls-retry', 'r2')
    const next = await counted(sub)
    expect(next.run).toMatchObject({ outcome: 'idle', delivered: 1 })
    expect(next.calls['GetItem progress']).toBeUndefined()
    expect(webhook.accepted().at(-1)?.event).toMatchObject({ attempt: 1 })
  })

  it('a run that dies holding the lease leaves the partition unsettled: the next run reads its progress', async () => {
    const sub = await subscribed('calls-crash')
    await produce('calls-crash', 'c1')
    let clock = Date.now()
    const at = { ...deps, now: () => clock }
    // Failure injection: the release never comes, as when the function is stopped (a timeout, a
    // crash) after the run kept its progress.
    const dying = {
      ...at,
      groups: Object.assign(Object.create(deps.groups), {
        releaseLease: async () => {
          throw new Error('the function stopped')
        },
      }),
    }
    answer = { status: 503 }
    expect(await deliverPartition(dying, { subscription: sub.name, partition: 0 })).toMatchObject({
      outcome: 'retrying',
    })
    expect(await deps.groups.partition(sub.group, sub.topic, 0)).toMatchObject({ owner: sub.name })
    // Past the dead run's lease (and its backoff): the next run takes the lease over.
    clock += TEST_DELIVERY_TIMING.leaseMs + 1
    answer = { status: 200 }
    expect(await deliverPartition(at, { subscription: sub.name, partition: 0 })).toMatchObject({
      outcome: 'idle',
      delivered: 1,
    })
    expect(webhook.accepted().at(-1)?.event).toMatchObject({ attempt: 2, records: [{ value: 'c1' }] })
  })

  it('a take on a lease read without the mark loses to a run that left progress since', async () => {
    const sub = await subscribed('calls-race')
    const read = await deps.groups.partition(sub.group, sub.topic, 0)
    expect(read?.deliveryUnsettled).toBeUndefined()
    const take = () =>
      deps.groups.takeLease(
        sub.group,
        sub.topic,
        0,
        read,
        sub.name,
        { topicId: sub.topicId, incarnation: crypto.randomUUID() },
        Date.now() + 5000,
        Date.now(),
        { delivery: true },
      )
    // Another run takes the partition after that read and leaves it unsettled (progress kept).
    const other = await take()
    expect(other).toMatchObject({ owner: sub.name, deliveryUnsettled: true })
    expect(await deps.groups.releaseLease(sub.group, sub.topic, 0, sub.name, other?.epoch as number)).toBe(
      true,
    )
    // Free again, but the read said no progress was kept: no longer true.
    expect(await take()).toBeUndefined()
  })
})
