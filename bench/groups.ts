/**
 * Consumer groups against a running service: failover time after a member dies without releasing,
 * consumer throughput (one member and three, 1 KB records), and what an idle member costs a month.
 *
 * - `groups.failoverMs.leaseMs{3000,10000}.{p50,max}`: two members share four partitions; one is cut
 *   off (every request fails, as when its process dies); the time until the other consumes all four.
 *   Expect up to leaseMs + one renewal (leaseMs / 3) + a round's requests.
 * - `groups.consumer.recordsPerSec.{oneMember,threeMembers}`: a backlog of 1 KB records on eight
 *   partitions consumed from the beginning with a no-op `eachMessage` (at-least-once commits).
 * - `cost.idleConsumerUsdPerMonth`: one member with default settings (leases of 10 s, idle polls once
 *   a second, so pickup within a second) on eight idle partitions. The requests it makes are counted
 *   over a window; each kind is priced with the bench's price list from what it costs the service
 *   (`cost.idleConsumer.model`). The front door is reported apart, as is long-polling instead.
 */
import { type Consumer, type ConsumerLogger, createTopic, produceRecords, Sluice } from '../sdk/src/index.js'
import { readBenchInput } from './support/bench-inputs.js'

const quiet: ConsumerLogger = { info: () => {}, warn: () => {}, error: () => {} }
const FAILOVER_RUNS: Array<{ leaseMs: number; kills: number }> = [
  { leaseMs: 3000, kills: 3 },
  { leaseMs: 10_000, kills: 2 },
]
const THROUGHPUT_RECORDS = 10_000
const RECORD_BYTES = 1024
const IDLE_WINDOW_MS = 30_000
const MINUTES_PER_MONTH = 43_200 // 30 days

interface Prices {
  dynamodb: { onDemandWriteRequestUnitPerMillion: number; onDemandReadRequestUnitPerMillion: number }
  lambda: { requestsPerMillion: number; gbSecondArm64: number }
  apiGateway: { httpApiPerMillion: number }
}

const pricesFile = readBenchInput<Prices>('aws-prices.json')

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
 * What one request costs the service, from its code and its own measurement with DynamoDB's
 * ReturnConsumedCapacity (docs/groups.md, test/groups/member-bound-leases.test.ts, idle-poll.test.ts):
 * a heartbeat is one UpdateItem (the member's `leasesUntil` renews all its leases) and one Query; an
 * idle poll of eight partitions is one eventually consistent BatchGetItem of their heads. Lambda
 * durations are estimates for a warm function (not measurable here): one or two DynamoDB round trips.
 */
const REQUEST_MODEL = {
  heartbeat: { lambdaMemoryMB: 512, lambdaBilledMs: 15, wru: 1, rru: 1 }, // the groups function
  idlePoll: { lambdaMemoryMB: 512, lambdaBilledMs: 8, rruPerPartition: 0.5 }, // the fetch function (infra/lib/sluice.ts)
  /** For comparison: a long-poll bills Lambda for its whole wait. */
  longPoll: { lambdaMemoryMB: 512, waitMs: 20_000 },
}

async function idleCost(url: string, partitions: number) {
  const prices = pricesFile.data
  const admin = new Sluice({ url })
  const topic = await freshTopic(admin, 'idle', partitions)
  const metered = meteredClient(url)
  const consumer = metered.sluice.consumer({
    groupId: `bench-idle-${Date.now().toString(36)}`,
    logger: quiet,
  })
  await consumer.subscribe({ topics: [topic] })
  await consumer.run({ eachMessage: async () => {} })
  await until(() => consumer.assignment().length === partitions, 60_000)
  await sleep(2000)
  metered.counts.clear()
  await sleep(IDLE_WINDOW_MS)
  const perMinute = Object.fromEntries(
    [...metered.counts].map(([kind, n]) => [kind, Math.round((n * 60_000 * 100) / IDLE_WINDOW_MS) / 100]),
  )
  await consumer.stop()

  const sum = (match: (kind: string) => boolean) =>
    Object.entries(perMinute).reduce((total, [kind, n]) => total + (match(kind) ? n : 0), 0)
  const heartbeats = sum((k) => k.endsWith('/heartbeat'))
  const polls = sum((k) => k === 'POST /v1/fetch')
  const other = sum((k) => !k.endsWith('/heartbeat') && k !== 'POST /v1/fetch')
  const lambdaRequest = prices.lambda.requestsPerMillion / 1e6
  const gbSeconds = (mb: number, ms: number) => (mb / 1024) * (ms / 1000) * prices.lambda.gbSecondArm64
  const wru = prices.dynamodb.onDemandWriteRequestUnitPerMillion / 1e6
  const rru = prices.dynamodb.onDemandReadRequestUnitPerMillion / 1e6
  const { heartbeat, idlePoll, longPoll } = REQUEST_MODEL
  const heartbeatUsd =
    lambdaRequest +
    gbSeconds(heartbeat.lambdaMemoryMB, heartbeat.lambdaBilledMs) +
    heartbeat.wru * wru +
    heartbeat.rru * rru
  const pollUsd =
    lambdaRequest +
    gbSeconds(idlePoll.lambdaMemoryMB, idlePoll.lambdaBilledMs) +
    idlePoll.rruPerPartition * partitions * rru
  const month = (perMinuteCount: number, usdEach: number) => perMinuteCount * MINUTES_PER_MONTH * usdEach
  const breakdown = {
    heartbeats: month(heartbeats, heartbeatUsd),
    polls: month(polls, pollUsd),
    other: month(other, lambdaRequest),
  }
  const total = breakdown.heartbeats + breakdown.polls + breakdown.other
  const requestsPerMonth = (heartbeats + polls + other) * MINUTES_PER_MONTH
  const httpApi = requestsPerMonth * (prices.apiGateway.httpApiPerMillion / 1e6)
  // The same pickup by long-polls instead: one per wait, each billed for its whole wait.
  const longPollsUsd = month(
    60_000 / longPoll.waitMs,
    lambdaRequest + gbSeconds(longPoll.lambdaMemoryMB, longPoll.waitMs),
  )
  const r2 = (x: number) => Math.round(x * 100) / 100
  return {
    'cost.idleConsumerUsdPerMonth': r2(total),
    'cost.idleConsumer.requestsPerMinute': perMinute,
    'cost.idleConsumer.usdPerMonth': {
      heartbeats: r2(breakdown.heartbeats),
      polls: r2(breakdown.polls),
      other: r2(breakdown.other),
      plusHttpApiFrontDoor: r2(httpApi),
      longPollingInsteadLambdaOnly: r2(longPollsUsd),
    },
    'cost.idleConsumer.model': {
      partitions,
      leaseMs: 10_000,
      idlePollMs: 1000,
      month: '30 days',
      frontDoor:
        'not included (a Function URL costs nothing per request; an HTTP API adds plusHttpApiFrontDoor)',
      ...REQUEST_MODEL,
    },
    'cost.idleConsumer.bar': { usdPerMonth: 3, met: total <= 3, metWithHttpApi: total + httpApi <= 3 },
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
