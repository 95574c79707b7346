/**
 * Consumer groups against a running service: failover time after a member dies without releasing,
 * consumer throughput (one member and three, 1 KB records), and what an idle member costs a month.
 *
 * - `groups.failoverMs.leaseMs{3000,10000}.{p50,max}`: two members share four partitions; one is cut
 *   off (every request fails, as when its process dies); the time until the other consumes all four.
 *   Expect up to leaseMs + one renewal (leaseMs / 3) + a round's requests.
 * - `groups.consumer.recordsPerSec.{oneMember,threeMembers}`: a backlog of 1 KB records on eight
 *   partitions consumed from the beginning with a no-op `eachMessage` (at-least-once commits).
 * - `cost.idleConsumerUsdPerMonth`: one member with default leases (10 s) on eight idle partitions,
 *   long-polling 20 s (a record is answered as it arrives, so pickup stays under a second). The
 *   requests it makes are counted over a window; each kind is priced from the service's code (the
 *   DynamoDB operations per request, listed in `cost.idleConsumer.model`) with the shared price list.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { type Consumer, type ConsumerLogger, createTopic, produceRecords, Sluice } from '../sdk/src/index.js'

const quiet: ConsumerLogger = { info: () => {}, warn: () => {}, error: () => {} }
const FAILOVER_RUNS: Array<{ leaseMs: number; kills: number }> = [
  { leaseMs: 3000, kills: 3 },
  { leaseMs: 10_000, kills: 2 },
]
const THROUGHPUT_RECORDS = 10_000
const RECORD_BYTES = 1024
const IDLE_WINDOW_MS = 30_000
const IDLE_WAIT_MS = 20_000
const MINUTES_PER_MONTH = 43_200 // 30 days

interface Prices {
  dynamodb: { onDemandWriteRequestUnitPerMillion: number; onDemandReadRequestUnitPerMillion: number }
  lambda: { requestsPerMillion: number; gbSecondArm64: number }
  apiGateway: { httpApiPerMillion: number }
}

const pricesPath =
  process.env.SLUICE_BENCH_SHARED !== undefined
    ? `${process.env.SLUICE_BENCH_SHARED.replace(/\/?$/, '/')}aws-prices.json`
    : fileURLToPath(new URL('../../shared/bench/aws-prices.json', import.meta.url))

let topicCounter = 0
async function freshTopic(sluice: Sluice, label: string, partitions: number): Promise<string> {
  const name = `bench-groups-${label}-${Date.now().toString(36)}-${topicCounter++}`
  await sluice.execute(createTopic({ name, partitions, retentionMs: 3_600_000 }))
  return name
}

/** A client whose requests are counted by kind and can be cut off (a dead member). */
function meteredClient(url: string) {
  const counts = new Map<string, number>()
  let cut = false
  const fetchCounted: typeof fetch = (input, init) => {
    const path = new URL(String(input)).pathname
    const kind = `${init?.method ?? 'GET'} ${path.replace(/\/v1\/groups\/[^/]+/, '/v1/groups/{g}').replace(/members\/[^/]+/, 'members/{m}')}`
    counts.set(kind, (counts.get(kind) ?? 0) + 1)
    if (cut) return Promise.reject(new TypeError('cut off by the bench'))
    return fetch(input, init)
  }
  const sluice = new Sluice({ url, fetch: fetchCounted, retry: { retries: 1, initialMs: 50, maxMs: 100 } })
  return { sluice, counts, cutOff: () => (cut = true) }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function until(check: () => boolean, boundMs: number): Promise<void> {
  const deadline = Date.now() + boundMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error('bench: condition not reached in time')
    await sleep(20)
  }
}

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number
}

async function startMember(
  sluice: Sluice,
  group: string,
  topic: string,
  leaseMs?: number,
  onMessage = async () => {},
) {
  const consumer = sluice.consumer({
    groupId: group,
    logger: quiet,
    maxWaitMs: 1000,
    ...(leaseMs === undefined ? {} : { leaseMs }),
  })
  await consumer.subscribe({ topics: [topic], fromBeginning: true })
  await consumer.run({ eachMessage: onMessage })
  return consumer
}

async function failoverOnce(url: string, leaseMs: number): Promise<number> {
  const admin = new Sluice({ url })
  const topic = await freshTopic(admin, 'failover', 4)
  const group = `bench-failover-${Date.now().toString(36)}-${topicCounter++}`
  const doomed = meteredClient(url)
  const survivor = await startMember(new Sluice({ url }), group, topic, leaseMs)
  const victim = await startMember(doomed.sluice, group, topic, leaseMs)
  await until(() => survivor.assignment().length === 2 && victim.assignment().length === 2, 10 * leaseMs)
  doomed.cutOff()
  const cutAt = Date.now()
  await until(() => survivor.assignment().length === 4, 5 * leaseMs)
  const failoverMs = Date.now() - cutAt
  await survivor.stop()
  await victim.stop().catch(() => undefined)
  return failoverMs
}

async function throughput(url: string, members: number, topic: string): Promise<number> {
  const group = `bench-throughput-${members}-${Date.now().toString(36)}`
  let consumed = 0
  const started = performance.now()
  const consumers: Consumer[] = []
  for (let i = 0; i < members; i++) {
    consumers.push(
      await startMember(new Sluice({ url }), group, topic, undefined, async () => {
        consumed++
      }),
    )
  }
  await until(() => consumed >= THROUGHPUT_RECORDS, 300_000)
  const seconds = (performance.now() - started) / 1000
  await Promise.all(consumers.map((c) => c.stop()))
  return Math.round(THROUGHPUT_RECORDS / seconds)
}

async function fillBacklog(url: string): Promise<string> {
  const sluice = new Sluice({ url })
  const topic = await freshTopic(sluice, 'throughput', 8)
  const value = 'v'.repeat(RECORD_BYTES)
  for (let i = 0; i < THROUGHPUT_RECORDS; i += 1000) {
    const records = Array.from({ length: 1000 }, (_, j) => ({ key: `k${i + j}`, value }))
    await sluice.execute(produceRecords({ topic, body: { records } }))
  }
  return topic
}

/**
 * DynamoDB operations per request, from the service's code (functions/groups/leases.ts heartbeat,
 * functions/groups/fetch-many.ts): one partition's lease, member and head items are each under 1 KB.
 */
const IDLE_MODEL = {
  heartbeat: {
    lambdaMemoryMB: 512, // the groups function (infra/lib/sluice.ts)
    lambdaBilledMs: 50, // an assumption: four to five DynamoDB round trips of ~10 ms
    wruPerLease: 1, // one conditional UpdateItem per lease renewed
    wruFixed: 1, // the member item put
    rru: 2, // the group's snapshot query (strongly consistent, < 4 KB) and the topic's meta
  },
  longPoll: {
    lambdaMemoryMB: 1024, // the fetch function (infra/lib/sluice.ts)
    billedMsIsWaitMs: true, // Lambda bills wall time: a 20 s wait is 20 s of duration
    rruFirstReadPerPartition: 2, // head + index query per partition before waiting
    headPollEveryMs: 200, // DEFAULT_TIMING.pollIntervalMs: in Lambda no in-process wake-up comes
    rruPerHeadPoll: 1, // strongly consistent GetItem per partition per poll
  },
}

async function idleCost(url: string, partitions: number) {
  const prices = JSON.parse(readFileSync(pricesPath, 'utf8')) as Prices
  const admin = new Sluice({ url })
  const topic = await freshTopic(admin, 'idle', partitions)
  const metered = meteredClient(url)
  const consumer = metered.sluice.consumer({
    groupId: `bench-idle-${Date.now().toString(36)}`,
    logger: quiet,
    maxWaitMs: IDLE_WAIT_MS,
  })
  await consumer.subscribe({ topics: [topic] })
  await consumer.run({ eachMessage: async () => {} })
  await until(() => consumer.assignment().length === partitions, 60_000)
  await sleep(2000) // past the first long-poll's start
  metered.counts.clear()
  await sleep(IDLE_WINDOW_MS)
  const perMinute = Object.fromEntries(
    [...metered.counts].map(([kind, n]) => [kind, Math.round((n * 60_000 * 100) / IDLE_WINDOW_MS) / 100]),
  )
  await consumer.stop()

  const heartbeats = Object.entries(perMinute)
    .filter(([k]) => k.endsWith('/heartbeat'))
    .reduce((s, [, n]) => s + n, 0)
  const longPolls = perMinute['POST /v1/fetch'] ?? 0
  const other = Object.entries(perMinute)
    .filter(([k]) => !k.endsWith('/heartbeat') && k !== 'POST /v1/fetch')
    .reduce((s, [, n]) => s + n, 0)
  const perRequest = (prices.lambda.requestsPerMillion + prices.apiGateway.httpApiPerMillion) / 1e6
  const gbSecond = prices.lambda.gbSecondArm64
  const wru = prices.dynamodb.onDemandWriteRequestUnitPerMillion / 1e6
  const rru = prices.dynamodb.onDemandReadRequestUnitPerMillion / 1e6
  const hb = IDLE_MODEL.heartbeat
  const lp = IDLE_MODEL.longPoll
  const heartbeatUsd =
    perRequest +
    (hb.lambdaMemoryMB / 1024) * (hb.lambdaBilledMs / 1000) * gbSecond +
    (hb.wruFixed + hb.wruPerLease * partitions) * wru +
    hb.rru * rru
  const longPollUsd =
    perRequest +
    (lp.lambdaMemoryMB / 1024) * (IDLE_WAIT_MS / 1000) * gbSecond +
    (lp.rruFirstReadPerPartition * partitions +
      (IDLE_WAIT_MS / lp.headPollEveryMs) * partitions * lp.rruPerHeadPoll) *
      rru
  const month = (perMinuteCount: number, usdEach: number) => perMinuteCount * MINUTES_PER_MONTH * usdEach
  const breakdown = {
    heartbeats: month(heartbeats, heartbeatUsd),
    longPolls: month(longPolls, longPollUsd),
    other: month(other, perRequest),
  }
  const lambdaDurationOfLongPolls = month(
    longPolls,
    (lp.lambdaMemoryMB / 1024) * (IDLE_WAIT_MS / 1000) * gbSecond,
  )
  const total = breakdown.heartbeats + breakdown.longPolls + breakdown.other
  const r2 = (x: number) => Math.round(x * 100) / 100
  return {
    'cost.idleConsumerUsdPerMonth': r2(total),
    'cost.idleConsumer.requestsPerMinute': perMinute,
    'cost.idleConsumer.usdPerMonth': {
      heartbeats: r2(breakdown.heartbeats),
      longPolls: r2(breakdown.longPolls),
      longPollLambdaDuration: r2(lambdaDurationOfLongPolls),
      other: r2(breakdown.other),
    },
    'cost.idleConsumer.model': {
      partitions,
      leaseMs: 10_000,
      waitMs: IDLE_WAIT_MS,
      frontDoor: 'API Gateway HTTP API + Lambda request per call',
      ...IDLE_MODEL,
    },
    'cost.idleConsumer.bar': { usdPerMonth: 3, met: total <= 3 },
  }
}

export async function benchGroups(url: string): Promise<Record<string, unknown>> {
  const failover: Record<string, { p50: number; max: number; samples: number[] }> = {}
  for (const { leaseMs, kills } of FAILOVER_RUNS) {
    const samples: number[] = []
    for (let i = 0; i < kills; i++) samples.push(await failoverOnce(url, leaseMs))
    failover[`leaseMs${leaseMs}`] = { p50: percentile(samples, 50), max: Math.max(...samples), samples }
  }
  const backlog = await fillBacklog(url)
  const oneMember = await throughput(url, 1, backlog)
  const threeMembers = await throughput(url, 3, backlog)
  return {
    'groups.failoverMs': failover,
    'groups.consumer.recordsPerSec': {
      oneMember,
      threeMembers,
      recordBytes: RECORD_BYTES,
      records: THROUGHPUT_RECORDS,
    },
    ...(await idleCost(url, 8)),
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const url = process.argv[2] ?? process.env.SLUICE_URL ?? 'http://127.0.0.1:4100'
  console.log(JSON.stringify(await benchGroups(url), null, 2))
}
