import { DynamoDBStreamsClient, type _Record as StreamRecord } from '@aws-sdk/client-dynamodb-streams'
import { unmarshall } from '@aws-sdk/util-dynamodb'
import type { DynamoDBStreamEvent } from 'aws-lambda'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { appendRecords } from '../../functions/engine/append.js'
import { createTopic } from '../../functions/engine/topics.js'
import { unavailable } from '../../functions/errors.js'
import { resetOffsets } from '../../functions/groups/offsets.js'
import { createPushHandler, type PushContext } from '../../functions/lambda/push.js'
import { createService, type ServiceDeps } from '../../functions/service.js'
import { type AwsClients, createAwsClients } from '../../functions/storage/clients.js'
import type { StorageConfig } from '../../functions/storage/config.js'
import { localCredentials } from '../../functions/storage/dynamo-clients.js'
import { provisionStorage } from '../../functions/storage/provision.js'
import { createSubscription } from '../../functions/subscriptions/create.js'
import { PUSH_STREAM_FILTERS } from '../../infra/lib/push-delivery.js'
import {
  RecordingWaker,
  startWebhook,
  TEST_DELIVERY_TIMING,
  webhookSubscription,
} from '../subscriptions/support.js'
import { testStorage } from '../support/service.js'
import { lambdaStreamEvent, readTableStream } from '../support/table-stream.js'
import { matchesFilter } from './support/event-filter.js'

// The push Lambda's handler fed what its event source mapping would hand it: the records that appeared
// on the table's stream (DynamoDB Local) since the last batch, kept by the stack's filter patterns. The
// service is the real one on a fresh table; its waker records the wakes (in AWS, async invokes of this
// same function), and nothing is delivered unless the test sends the handler a wake.
const SELF = 'arn:aws:lambda:us-east-1:111122223333:function:sluice-push'
const context: PushContext = {
  invokedFunctionArn: `${SELF}:live`,
  getRemainingTimeInMillis: () => 900_000,
}

let storage: StorageConfig
let clients: AwsClients
let streams: DynamoDBStreamsClient
let deps: ServiceDeps
let waker: RecordingWaker
let webhook: Awaited<ReturnType<typeof startWebhook>>
let handler: ReturnType<typeof createPushHandler>
const builtFor: (string | undefined)[] = []
/** Stream records handed over already, by sequence number: each batch has only what is new. */
const handedOver = new Set<string>()

beforeAll(async () => {
  storage = testStorage()
  clients = createAwsClients(storage)
  await provisionStorage(clients, storage)
  streams = new DynamoDBStreamsClient({
    region: storage.region,
    endpoint: storage.dynamoEndpoint,
    credentials: localCredentials,
  })
  waker = new RecordingWaker()
  deps = createService(storage, {
    clients,
    subscriptions: { timing: TEST_DELIVERY_TIMING, waker: () => waker },
  })
  handler = createPushHandler((selfArn) => {
    builtFor.push(selfArn)
    return deps
  })
  webhook = await startWebhook()
  await createTopic(deps, { name: 'rides', partitions: 2 })
  await createTopic(deps, { name: 'parcels', partitions: 1 })
  await createSubscription(deps, webhookSubscription('eta', 'rides', webhook.url))
  await createSubscription(deps, webhookSubscription('audit', 'rides', webhook.url))
  await createSubscription(deps, webhookSubscription('parcel-hook', 'parcels', webhook.url))
  await nextBatch()
})
beforeEach(() => {
  waker.wakes.length = 0
})
afterAll(async () => {
  streams.destroy()
  await webhook.close()
})

/** What the stream holds beyond what was handed over, as Lambda's JSON; `filtered`: as the stack filters it. */
async function nextBatch(filtered = true): Promise<DynamoDBStreamEvent> {
  const { streamArn, records } = await readTableStream(clients.dynamo, streams, storage.table)
  const fresh = records.filter((r) => !handedOver.has(String(r.dynamodb?.SequenceNumber)))
  for (const r of fresh) handedOver.add(String(r.dynamodb?.SequenceNumber))
  const event = lambdaStreamEvent(streamArn, fresh.map(asNamedInAws))
  return filtered ? keptByFilters(event) : event
}

/** The records of a batch the push function's event source would invoke it with. */
const keptByFilters = (event: DynamoDBStreamEvent): DynamoDBStreamEvent => ({
  Records: event.Records.filter((r) => PUSH_STREAM_FILTERS.some((pattern) => matchesFilter(pattern, r))),
})

/**
 * DynamoDB Local may name an insert otherwise than AWS (see the dispatcher); the filters match on
 * `eventName` as AWS sets it: INSERT for a new item, MODIFY for a changed one, REMOVE for a deleted one.
 */
function asNamedInAws(record: StreamRecord): StreamRecord {
  const { NewImage, OldImage } = record.dynamodb ?? {}
  const eventName = !OldImage ? 'INSERT' : NewImage ? 'MODIFY' : 'REMOVE'
  return { ...record, eventName }
}

const itemOf = (r: DynamoDBStreamEvent['Records'][number]) =>
  unmarshall((r.dynamodb?.NewImage ?? r.dynamodb?.OldImage) as Parameters<typeof unmarshall>[0])

const produce = (topic: string, partition: number, values: string[]) =>
  appendRecords(
    deps,
    topic,
    values.map((v) => ({ key: null, value: new TextEncoder().encode(v), headers: {}, partition })),
  )

const sortJobs = <T extends { subscription: string; partition: number }>(jobs: T[]) =>
  [...jobs].sort((a, b) =>
    `${a.subscription}#${a.partition}`.localeCompare(`${b.subscription}#${b.partition}`),
  )

describe('the push handler on the table stream', () => {
  it('wakes each subscription of a partition that got records, once, and no other', async () => {
    await produce('rides', 1, ['r1', 'r2'])
    await produce('rides', 1, ['r3'])
    const event = await nextBatch()
    expect(event.Records.length).toBeGreaterThan(0)
    const result = await handler(event, context)
    const expected = [
      { subscription: 'audit', partition: 1 },
      { subscription: 'eta', partition: 1 },
    ]
    expect(sortJobs((result as { woken: { subscription: string; partition: number }[] }).woken)).toEqual(
      expected,
    )
    // Woken now, by the waker: in AWS an async invoke of the push function, which returns at once.
    expect(sortJobs(waker.wakes.map((w) => ({ ...w.job, atMs: w.atMs })))).toEqual(
      expected.map((job) => ({ ...job, atMs: undefined })),
    )
    expect(builtFor).toEqual([SELF])
  })

  it('the filter keeps index entry inserts and drops heads, topics and subscriptions', async () => {
    await produce('parcels', 0, ['p1'])
    const all = await nextBatch(false)
    const kept = keptByFilters(all)
    expect(kept.Records.map((r) => String(itemOf(r).sk).slice(0, 2))).toEqual(['e#'])
    expect(all.Records.some((r) => itemOf(r).sk === 'head')).toBe(true)
    expect(await handler(kept, context)).toEqual({
      woken: [{ subscription: 'parcel-hook', partition: 0 }],
    })
  })

  it('a reset that moves a subscription’s committed offset wakes that partition (it may unblock it)', async () => {
    // audit has committed nothing past its start (offset 0): to latest moves partition 1 only.
    await resetOffsets(deps, 'audit', 'rides', { to: 'latest' })
    const kept = await nextBatch()
    expect(kept.Records.some((r) => itemOf(r).pk === 'g#audit')).toBe(true)
    expect(await handler(kept, context)).toEqual({
      woken: [{ subscription: 'audit', partition: 1 }],
    })
  })

  it('a wake runs the partition’s delivery; the run’s own writes wake nothing', async () => {
    const run = await handler({ job: { subscription: 'eta', partition: 1 } }, context)
    expect(run).toMatchObject({ job: { subscription: 'eta', partition: 1 }, outcome: 'idle', delivered: 3 })
    expect(webhook.accepted().flatMap((d) => d.event.records.map((r) => r.value))).toEqual(['r1', 'r2', 'r3'])
    const all = await nextBatch(false)
    const runWrites = all.Records.filter((r) => itemOf(r).pk === 'g#eta')
    // None of the run's writes (its take, its commit that released the lease) passes the filter: the
    // run costs no invocation of the push function beyond its own.
    expect(runWrites.length).toBeGreaterThan(0)
    expect(runWrites.at(-1)?.dynamodb?.NewImage?.owner).toBeUndefined()
    expect(keptByFilters(all).Records).toEqual([])
  })

  it('a reset after a run’s release still wakes the partition; the next run’s writes do not', async () => {
    await produce('rides', 0, ['r4'])
    await nextBatch()
    const released = await handler({ job: { subscription: 'eta', partition: 0 } }, context)
    expect(released).toMatchObject({ outcome: 'idle', delivered: 1 })
    expect(keptByFilters(await nextBatch(false)).Records).toEqual([])
    await resetOffsets(deps, 'eta', 'rides', { offsets: [{ partition: 0, offset: 0 }] })
    const kept = await nextBatch()
    expect(kept.Records.map((r) => itemOf(r).pk)).toEqual(['g#eta'])
    expect(await handler(kept, context)).toEqual({ woken: [{ subscription: 'eta', partition: 0 }] })
    // The run the reset woke delivers the partition again from 0, and its writes wake nothing.
    const again = await handler({ job: { subscription: 'eta', partition: 0 } }, context)
    expect(again).toMatchObject({ outcome: 'idle', delivered: 1 })
    expect(keptByFilters(await nextBatch(false)).Records).toEqual([])
  })

  it('a wake for a backoff’s end waits for it and delivers; a wake before it only re-arms', async () => {
    const job = { subscription: 'parcel-hook', partition: 0 }
    const sub = await deps.subscriptions.get(job.subscription)
    if (!sub) throw new Error('no parcel-hook')
    const due = Date.now() + 200
    // As a run whose delivery failed leaves the partition: its take marked it unsettled, it kept its
    // progress, and its release kept the mark.
    const read = await deps.groups.partition(sub.group, sub.topic, 0)
    const { topicId } = sub
    const taken = await deps.groups.takeLease(
      sub.group,
      sub.topic,
      0,
      read,
      sub.name,
      { topicId },
      due,
      Date.now(),
      {
        delivery: true,
      },
    )
    await deps.subscriptions.putProgress(sub.id, {
      partition: 0,
      offset: 0,
      attempts: 1,
      lastError: 'webhook answered 503',
      nextAttemptAt: due,
    })
    await deps.groups.releaseLease(sub.group, sub.topic, 0, sub.name, taken?.epoch as number)
    expect(await handler({ job }, context)).toMatchObject({ outcome: 'waiting', delivered: 0 })
    expect(waker.wakes).toEqual([{ job, atMs: due }])
    const run = await handler({ job, wakeAt: due }, context)
    expect(Date.now()).toBeGreaterThanOrEqual(due)
    expect(run).toMatchObject({ outcome: 'idle', delivered: 1 })
    expect(await deps.subscriptions.progress(sub.id, 0)).toBeUndefined()
  })

  it('a run the store fails schedules its own retry, and fails the invoke', async () => {
    const job = { subscription: 'eta', partition: 0 }
    // Failure injection: stands for DynamoDB unreachable or throttling past the SDK's retries.
    const failing = createPushHandler(() => ({
      ...deps,
      subscriptions: Object.assign(Object.create(deps.subscriptions), {
        get: async () => {
          throw unavailable('the table is unreachable')
        },
      }),
    }))
    const before = Date.now()
    await expect(failing({ job }, context)).rejects.toThrow('the table is unreachable')
    expect(waker.wakes).toHaveLength(1)
    expect(waker.wakes[0]?.job).toEqual(job)
    expect(waker.wakes[0]?.atMs).toBeGreaterThanOrEqual(before + 60_000)
  })

  it('refuses an event that is neither a stream batch nor a wake', async () => {
    const health = { rawPath: '/health', requestContext: { http: { method: 'GET' } } }
    await expect(handler(health as never, context)).rejects.toThrow('stream batches and wakes only')
  })
})
