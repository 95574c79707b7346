import type { Emulators } from '../../functions/local/emulators.js'
import { startStreamReader } from '../../functions/local/stream-reader.js'
import { LocalWaker } from '../../functions/local/waker.js'
import { createAwsClients } from '../../functions/storage/clients.js'
import { createSubscription } from '../../functions/subscriptions/create.js'
import { deliverPartition } from '../../functions/subscriptions/deliver-partition.js'
import { Dispatcher } from '../../functions/subscriptions/dispatch.js'
import { tableBytes } from '../core/cost.js'
import { GB, storagePrices } from '../pricing.js'
import { benchStorage, createTopic, startBenchService } from '../support/bench-service.js'
import { sleep } from '../support/latency-model.js'
import { round } from '../support/stats.js'
import { pushPrices } from './costs.js'
import { idleInventory } from './idle-inventory.js'
import { storageCalls } from './rig.js'
import { keptByPushFilters } from './table-stream.js'
import { startRecordingWebhook } from './webhook.js'

const TOPICS = 2
const PARTITIONS = 4
const SUBSCRIPTIONS_PER_TOPIC = 5
const WINDOW_MS = 20_000
/** The stream is read as the push function's event source mapping reads it: 4 times a second. */
const STREAM_POLL_MS = 250
const GIVE_UP_MS = 60_000

/** Waits until `value` has not changed for `quietMs`. */
async function quiet(value: () => number, quietMs: number): Promise<void> {
  const deadline = performance.now() + GIVE_UP_MS
  let last = value()
  let since = performance.now()
  while (performance.now() - since < quietMs) {
    if (performance.now() > deadline) throw new Error('the idle stack never went quiet')
    await sleep(100)
    if (value() !== last) {
      last = value()
      since = performance.now()
    }
  }
}

async function until(what: string, done: () => boolean): Promise<void> {
  const deadline = performance.now() + GIVE_UP_MS
  while (!done()) {
    if (performance.now() > deadline) throw new Error(`gave up waiting for ${what}`)
    await sleep(20)
  }
}

/**
 * Push delivery with nothing produced: subscriptions on topics whose records they have delivered,
 * the local delivery wiring as `npm start` runs it (the dispatcher on the table's stream, read 4 times
 * a second as the event source mapping reads it, on a client of its own: Lambda's reads are free;
 * deliveries by the timer waker), then an idle window in which the push side's storage calls (its
 * metered clients), target requests, delivery runs and stream batches its filter passes are counted;
 * then one record, to show the wiring was live. The subscriptions' items are weighed for storage.
 */
export async function benchIdle(emulators: Emulators) {
  const storage = benchStorage(emulators, 'push-idle')
  let runs = 0
  let waker: LocalWaker | undefined
  const bench = await startBenchService({
    storage,
    subscriptions: {
      waker: (deps) => {
        waker = new LocalWaker((job, options) => {
          runs++
          return deliverPartition(deps, job, options)
        }, deps.now)
        return waker
      },
    },
  })
  const deps = bench.service.deps
  const plain = createAwsClients(storage)
  const webhook = await startRecordingWebhook()
  const stream = { batchesKept: 0 }
  const dispatcher = new Dispatcher(deps)
  const reader = startStreamReader(
    storage,
    plain.dynamo,
    [
      (records) => {
        if (records.some(keptByPushFilters)) stream.batchesKept++
        return dispatcher.dispatch(records)
      },
    ],
    { intervalMs: STREAM_POLL_MS },
  )
  const counts = () => ({
    storageCalls: storageCalls(bench),
    targetRequests: webhook.arrivals.length,
    deliveryRuns: runs,
    streamBatchesKept: stream.batchesKept,
  })
  const produceEach = (topic: string, partitions: number) =>
    bench.http.ok(
      'POST',
      `/v1/topics/${topic}/records`,
      JSON.stringify({
        records: Array.from({ length: partitions }, (_, partition) => ({ value: 'v', partition })),
      }),
    )
  try {
    const topics = Array.from({ length: TOPICS }, (_, t) => `idle-${t}`)
    for (const topic of topics) {
      await createTopic(bench.http, topic, PARTITIONS)
      await produceEach(topic, PARTITIONS)
    }
    const bytesBefore = await tableBytes(storage)
    for (const topic of topics) {
      for (let s = 0; s < SUBSCRIPTIONS_PER_TOPIC; s++) {
        await createSubscription(deps, {
          name: `${topic}-hook-${s}`,
          topic,
          target: { type: 'webhook', url: webhook.url, secret: 'whsec_idle' },
          startAt: 'earliest',
        })
      }
    }
    const subscriptions = TOPICS * SUBSCRIPTIONS_PER_TOPIC
    await until('the records delivered', () => webhook.recordsDelivered() === subscriptions * PARTITIONS)
    // The wakes creation asks for once dispatchers have the new subscriptions come and go first.
    await quiet(() => storageCalls(bench), deps.deliveryTiming.dispatchCacheMs + 2000)
    const bytes = (await tableBytes(storage)) - bytesBefore
    const before = counts()
    const windowStarted = performance.now()
    await sleep(WINDOW_MS)
    const windowSeconds = (performance.now() - windowStarted) / 1000
    const after = counts()
    const during = {
      storageCalls: after.storageCalls - before.storageCalls,
      targetRequests: after.targetRequests - before.targetRequests,
      deliveryRuns: after.deliveryRuns - before.deliveryRuns,
      streamBatchesKept: after.streamBatchesKept - before.streamBatchesKept,
    }

    const liveStarted = performance.now()
    await bench.http.ok(
      'POST',
      `/v1/topics/${topics[0]}/records`,
      JSON.stringify({ records: [{ value: 'v' }] }),
    )
    await until(
      'the record after the window delivered',
      () => webhook.arrivals.length === after.targetRequests + SUBSCRIPTIONS_PER_TOPIC,
    )
    const live = { ...counts(), seconds: round((performance.now() - liveStarted) / 1000, 2) }

    const inventory = idleInventory(
      {
        streamReadByLambda: pushPrices.dynamodb.streamsReadsByLambda,
        eventSourceMappingPerMonth: pushPrices.lambdaEventSourceMapping.streamPollingDefaultMode,
        lambdaRequestsPerMillion: pushPrices.lambda.requestsPerMillion,
        schedulerInvocationsPerMillion: pushPrices.eventBridgeScheduler.invocationsPerMillion,
        dynamodbReadRequestUnitPerMillion: pushPrices.dynamodb.onDemandReadRequestUnitPerMillion,
      },
      {
        windowSeconds,
        streamBatches: during.streamBatchesKept,
        wakes: during.deliveryRuns,
        storageCalls: during.storageCalls,
      },
    )
    return {
      subscriptions,
      partitions: TOPICS * PARTITIONS,
      inventory,
      storage: {
        bytes,
        usdPerMonth: (bytes / GB) * storagePrices.dynamodbPerGBMonth,
      },
      measured: {
        windowSeconds: round(windowSeconds, 1),
        ...during,
        streamPollIntervalMs: STREAM_POLL_MS,
        afterWindow: {
          note: 'one record produced after the window: delivered to each subscription of its topic, so the wiring counted was live',
          secondsToDelivered: live.seconds,
          targetRequests: live.targetRequests - after.targetRequests,
          storageCalls: live.storageCalls - after.storageCalls,
          deliveryRuns: live.deliveryRuns - after.deliveryRuns,
        },
      },
    }
  } finally {
    await reader.stop()
    await waker?.stop()
    await webhook.close()
    await bench.stop()
    plain.dynamo.destroy()
    plain.s3.destroy()
  }
}
