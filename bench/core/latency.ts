import type { EngineTiming } from '../../functions/engine/limits.js'
import { DEFAULT_TIMING } from '../../functions/engine/limits.js'
import type { Emulators } from '../../functions/local/emulators.js'
import { price } from '../pricing.js'
import {
  type BenchService,
  benchStorage,
  createTopic,
  produceBody,
  runCount,
  startBenchService,
} from '../support/bench-service.js'
import { LatencyModel, sleep } from '../support/latency-model.js'
import { percentile, round, summarize } from '../support/stats.js'

const SMALL_SAMPLES = 1000
const LARGE_SAMPLES = 400
const FETCH_SAMPLES = 150
const END_TO_END_SAMPLES = 150
const WARMUP = 10
/** Poll intervals tried for end-to-end latency across instances, beside the engine's default. */
const POLL_ALTERNATIVES_MS = [200, 20]
const IDLE_POLL_WINDOW_MS = 3000
const SECONDS_PER_MONTH = 730 * 3600

async function sequential(samples: number, call: () => Promise<number>): Promise<number[]> {
  for (let i = 0; i < WARMUP; i++) await call()
  const latencies: number[] = []
  for (let i = 0; i < samples; i++) latencies.push(await call())
  return latencies
}

/** AWS calls per request during a phase, from the meter: e.g. {"dynamodb.GetItem": 1, ...}. */
function callsPerRequest(bench: BenchService, requests: number): Record<string, number> {
  return Object.fromEntries(
    Object.entries(bench.meter.snapshot().operations).map(([op, u]) => [op, round(u.requests / requests, 2)]),
  )
}

/**
 * End to end: a consumer long-polls the fetch service (waitMs 5000) at the end of the partition; after
 * it is waiting, at a random point of the poll cycle, a producer sends one 1 KB record through the
 * produce service; the figure is the time from the send to the consumer holding the record.
 */
async function endToEnd(
  latency: LatencyModel,
  produce: BenchService,
  consumer: BenchService,
  topic: string,
  pollMs: number,
) {
  const latencies: number[] = []
  let offset = 0
  const body = produceBody(1)
  for (let i = 0; i < WARMUP + END_TO_END_SAMPLES; i++) {
    const fetched = consumer.http.ok(
      'GET',
      `/v1/topics/${topic}/partitions/0/records?offset=${offset}&waitMs=5000`,
    )
    await sleep(30 + Math.random() * pollMs)
    const sent = performance.now()
    await produce.http.ok('POST', `/v1/topics/${topic}/records`, body)
    const { body: page } = await fetched
    if (page.records.length === 0) throw new Error('the long poll ended without the record')
    const received = performance.now()
    if (i >= WARMUP) latencies.push(received - sent - latency.excludedWithin(sent, received))
    offset = page.nextOffset
  }
  return latencies
}

/** What a consumer long-polling an empty partition costs per month: index reads and the waiting Lambda. */
async function idlePollCost(consumer: BenchService, topic: string) {
  consumer.meter.reset()
  consumer.http.reset()
  const started = performance.now()
  const { body } = await consumer.http.ok(
    'GET',
    `/v1/topics/${topic}/partitions/0/records?offset=latest&waitMs=${IDLE_POLL_WINDOW_MS}`,
  )
  if (body.records.length > 0) throw new Error('the idle partition was not idle')
  const seconds = (performance.now() - started) / 1000
  const usage = consumer.meter.snapshot()
  const perMonth = SECONDS_PER_MONTH / seconds
  const priced = price({
    wru: usage.wru * perMonth,
    rru: usage.rru * perMonth,
    s3Puts: 0,
    s3Gets: 0,
    lambdaInvocations: (SECONDS_PER_MONTH * 1000) / IDLE_POLL_WINDOW_MS,
    lambdaBilledMs: SECONDS_PER_MONTH * 1000,
    httpApiRequests: (SECONDS_PER_MONTH * 1000) / IDLE_POLL_WINDOW_MS,
  })
  return {
    indexReadsPerSec: round(usage.dynamoRequests / seconds, 1),
    rruPerSec: round(usage.rru / seconds, 1),
    usdPerMonthIndexReads: round(priced.dynamodbReads, 2),
    usdPerMonthWaitingLambda: round(priced.lambdaCompute + priced.lambdaRequests, 2),
  }
}

/**
 * Simulated AWS latencies (the latency model's lognormals injected into every AWS SDK call and a warm
 * Function URL invoke before every HTTP request). The produce and fetch services are separate
 * instances over one table and bucket, as the produce and fetch functions are in AWS.
 */
export async function benchLatency(emulators: Emulators) {
  const latency = new LatencyModel(11)
  const storage = benchStorage(emulators, 'latency')
  const produce = await startBenchService({ storage, latency })
  const fetch = await startBenchService({ storage, latency })
  const services = [produce, fetch]
  try {
    await createTopic(produce.http, 'small', 1)
    await createTopic(produce.http, 'large', 1)
    await createTopic(produce.http, 'fetch', 1)

    const small = produceBody(1)
    produce.meter.reset()
    const produceSmall = await sequential(
      SMALL_SAMPLES,
      async () => (await produce.http.ok('POST', '/v1/topics/small/records', small)).latencyMs,
    )
    const smallCalls = callsPerRequest(produce, WARMUP + SMALL_SAMPLES)
    const criticalPath = { 'lambda.warmInvokeViaFunctionUrl': 1, ...smallCalls }
    const modelP50SumMs = Object.entries(criticalPath).reduce(
      (sum, [op, count]) => sum + LatencyModel.p50(op) * count,
      0,
    )

    const large = produceBody(1000)
    produce.meter.reset()
    const produceLarge = await sequential(
      LARGE_SAMPLES,
      async () => (await produce.http.ok('POST', '/v1/topics/large/records', large)).latencyMs,
    )
    const largeCalls = callsPerRequest(produce, WARMUP + LARGE_SAMPLES)

    const hundred = produceBody(100)
    const bases: number[] = []
    await runCount(WARMUP + FETCH_SAMPLES, 8, async () => {
      const { body } = await produce.http.ok('POST', '/v1/topics/fetch/records', hundred)
      bases.push(body.records[0].offset)
    })
    bases.sort((a, b) => a - b)
    fetch.meter.reset()
    let next = 0
    const fetchLatencies = await sequential(FETCH_SAMPLES, async () => {
      const base = bases[next++] as number
      return (await fetch.http.ok('GET', `/v1/topics/fetch/partitions/0/records?offset=${base}&limit=100`))
        .latencyMs
    })
    const fetchCalls = callsPerRequest(fetch, WARMUP + FETCH_SAMPLES)

    const alternatives: Record<string, unknown> = {}
    let endToEndDefault: number[] = []
    for (const pollIntervalMs of new Set([DEFAULT_TIMING.pollIntervalMs, ...POLL_ALTERNATIVES_MS])) {
      const timing: Partial<EngineTiming> = { pollIntervalMs }
      const consumer =
        pollIntervalMs === DEFAULT_TIMING.pollIntervalMs
          ? fetch
          : await startBenchService({ storage, latency, timing })
      if (consumer !== fetch) services.push(consumer)
      const topic = `e2e-${pollIntervalMs}`
      await createTopic(produce.http, topic, 1)
      const latencies = await endToEnd(latency, produce, consumer, topic, pollIntervalMs)
      if (pollIntervalMs === DEFAULT_TIMING.pollIntervalMs) endToEndDefault = latencies
      alternatives[`pollIntervalMs${pollIntervalMs}`] = {
        ...summarize(latencies),
        idleConsumer: await idlePollCost(consumer, topic),
      }
    }
    await createTopic(produce.http, 'e2e-same', 1)
    const sameInstance = await endToEnd(latency, produce, produce, 'e2e-same', DEFAULT_TIMING.pollIntervalMs)

    const small50 = percentile(produceSmall, 50)
    return {
      note: 'SIMULATED: latencies of bench/inputs/aws-latency-model.json injected into every AWS SDK call and one warm Function URL invoke per HTTP request, with the time calls spent in the local stand-ins taken out; not measured in AWS.',
      produceSmall: {
        ...summarize(produceSmall),
        overheadRatio: round(small50 / modelP50SumMs, 3),
        criticalPath,
        modelP50SumMs,
      },
      produceLarge: { ...summarize(produceLarge), callsPerRequest: largeCalls },
      fetch: { ...summarize(fetchLatencies), callsPerRequest: fetchCalls },
      endToEnd: summarize(endToEndDefault),
      endToEndAlternatives: {
        ...alternatives,
        sameInstance: {
          ...summarize(sameInstance),
          note: 'producer and consumer on one instance: the in-process notifier wakes the long poll (npm start; in AWS only when both land on one warm instance, which separate functions never do)',
        },
      },
      injectedCalls: Object.fromEntries(
        [...latency.samples.entries()].map(([op, samples]) => [op, summarize(samples)]),
      ),
      method: {
        produceSmall: `${SMALL_SAMPLES} sequential POSTs of one 1 KB record after ${WARMUP} warm-up; overheadRatio = p50 / sum of the model p50s of criticalPath (the calls each request made, in sequence: invoke, reserve UpdateItem, entry PutItem)`,
        produceLarge: `${LARGE_SAMPLES} sequential POSTs of 1000 x 1 KB records`,
        fetch: `${FETCH_SAMPLES} sequential GETs of 100 x 1 KB records (one S3 segment each, written by batches of 100) through a fetch instance that had not read them (cold segment cache)`,
        endToEnd: `${END_TO_END_SAMPLES} samples: send one 1 KB record through the produce instance while a consumer long-polls the separate fetch instance; time from send to receipt; default engine timing (pollIntervalMs ${DEFAULT_TIMING.pollIntervalMs})`,
      },
    }
  } finally {
    for (const s of services.reverse()) await s.stop()
  }
}
