import { DescribeTableCommand } from '@aws-sdk/client-dynamodb'
import type { Emulators } from '../../functions/local/emulators.js'
import { createAwsClients } from '../../functions/storage/clients.js'
import type { StorageConfig } from '../../functions/storage/config.js'
import {
  addUsage,
  type BillableUsage,
  billable,
  GB,
  HOURS_PER_MONTH,
  LAMBDA_MEMORY_MB,
  type PricedUsage,
  peerUsd,
  price,
  scaleUsage,
  storagePrices,
  storageUsd,
} from '../pricing.js'
import {
  benchStorage,
  createTopic,
  produceBody,
  runCount,
  startBenchService,
} from '../support/bench-service.js'
import { LatencyModel } from '../support/latency-model.js'
import type { Usage } from '../support/request-meter.js'
import { round } from '../support/stats.js'

const RECORD_BYTES = 1024
/** One request at a time: handler time is attributed by time window (see LambdaHttp). */
const CONCURRENCY = 1
/** How long the written data is kept and billed for storage: Kinesis on demand includes 24 hours. */
const STORAGE_HOURS = 24
/** DynamoDB bills storage with 100 bytes of overhead per item. */
const DYNAMODB_ITEM_OVERHEAD = 100

interface CostWorkload {
  label: string
  batch: number
  records: number
  idempotent: boolean
}

/** Measured volumes: enough requests for stable per-record figures, small enough for the time budget. */
const WORKLOADS: CostWorkload[] = [
  { label: 'batch1', batch: 1, records: 600, idempotent: false },
  { label: 'batch1Idempotent', batch: 1, records: 300, idempotent: true },
  // 120 requests: the S3 PUT's long tail makes the mean wait of a few dozen vary by several ms.
  { label: 'batch100', batch: 100, records: 12_000, idempotent: false },
  { label: 'batch1000', batch: 1000, records: 12_000, idempotent: false },
]

interface MeasuredWorkload {
  workload: CostWorkload
  write: BillableUsage
  read: BillableUsage
  writeOperations: Usage['operations']
  readOperations: Usage['operations']
  storedBytes: { dynamodb: number; s3: number }
  wallBilledMs: number
  serialBilledMs: number
}

export async function tableBytes(storage: StorageConfig): Promise<number> {
  const clients = createAwsClients(storage)
  try {
    const out = await clients.dynamo.send(new DescribeTableCommand({ TableName: storage.table }))
    return (out.Table?.TableSizeBytes ?? 0) + (out.Table?.ItemCount ?? 0) * DYNAMODB_ITEM_OVERHEAD
  } finally {
    clients.dynamo.destroy()
    clients.s3.destroy()
  }
}

/**
 * Writes the workload's records through the produce service, then one consumer reads them all once
 * through a second service (the fetch function: its own engine, so its segment cache starts cold),
 * with the latency model injected so that Lambda time is what it would be against AWS.
 */
async function measure(
  emulators: Emulators,
  workload: CostWorkload,
  latency: LatencyModel,
): Promise<MeasuredWorkload> {
  const storage = benchStorage(emulators, `cost-${workload.label}`)
  const produce = await startBenchService({ storage, latency })
  const fetch = await startBenchService({ storage, latency })
  try {
    await createTopic(produce.http, 'cost', 1)
    const body = produceBody(workload.batch, RECORD_BYTES)
    const send = (key: string) =>
      produce.http.ok(
        'POST',
        '/v1/topics/cost/records',
        body,
        workload.idempotent ? { 'idempotency-key': key } : undefined,
      )
    // One request first, not metered: a partition's first write creates its head, once in its life,
    // and an instance's first request sets up what later ones reuse; neither is a cost per record.
    await send('bench-warm-up')
    produce.meter.reset()
    produce.http.reset()
    await runCount(workload.records / workload.batch, CONCURRENCY, async (i) => {
      await send(`bench-${i}`)
    })
    const writeUsage = produce.meter.snapshot()
    const write = billable(writeUsage, produce.http.usage)

    fetch.meter.reset()
    fetch.http.reset()
    let offset = workload.batch
    let read = 0
    while (read < workload.records) {
      const { body: page } = await fetch.http.ok(
        'GET',
        `/v1/topics/cost/partitions/0/records?offset=${offset}`,
      )
      read += page.records.length
      offset = page.nextOffset
      if (page.records.length === 0) throw new Error(`the consumer found nothing at offset ${offset}`)
    }
    const readUsage = fetch.meter.snapshot()
    return {
      workload,
      write,
      read: billable(readUsage, fetch.http.usage),
      writeOperations: writeUsage.operations,
      readOperations: readUsage.operations,
      storedBytes: { dynamodb: await tableBytes(storage), s3: writeUsage.s3BytesIn },
      wallBilledMs: produce.http.usage.wallBilledMs + fetch.http.usage.wallBilledMs,
      serialBilledMs: produce.http.usage.serialBilledMs + fetch.http.usage.serialBilledMs,
    }
  } finally {
    await fetch.stop()
    await produce.stop()
  }
}

const units = (u: BillableUsage) => ({
  wru: round(u.wru, 0),
  rru: round(u.rru, 0),
  s3Puts: round(u.s3Puts, 0),
  s3Gets: round(u.s3Gets, 0),
  lambdaInvocations: round(u.lambdaInvocations, 0),
  lambdaMs: round(u.lambdaBilledMs, 0),
  apiGatewayRequests: round(u.httpApiRequests, 0),
})

const dollars = (p: PricedUsage, digits: number) =>
  Object.fromEntries(Object.entries(p).map(([k, v]) => [k, round(v, digits)])) as unknown as PricedUsage

/** Dollars per million records by AWS operation and by Lambda/front-door line: what dominates. */
function dominantCosts(m: MeasuredWorkload, factor: number) {
  const perOperation = (operations: Usage['operations']) =>
    Object.entries(operations).map(([name, u]) => {
      const usage: BillableUsage = {
        wru: u.wru,
        rru: u.rru,
        s3Puts: name === 's3.PutObject' ? u.requests : 0,
        s3Gets: name === 's3.GetObject' ? u.requests : 0,
        lambdaInvocations: 0,
        lambdaBilledMs: 0,
        httpApiRequests: 0,
      }
      return { name, usd: price(scaleUsage(usage, factor)).total }
    })
  const total = addUsage(m.write, m.read)
  const lambdaAndFrontDoor = price(scaleUsage(total, factor))
  const lines = [
    ...perOperation(m.writeOperations).map((l) => ({ ...l, name: `write ${l.name}` })),
    ...perOperation(m.readOperations).map((l) => ({ ...l, name: `read ${l.name}` })),
    { name: 'lambda requests', usd: lambdaAndFrontDoor.lambdaRequests },
    { name: `lambda compute (${LAMBDA_MEMORY_MB} MB arm64)`, usd: lambdaAndFrontDoor.lambdaCompute },
    { name: 'API Gateway HTTP API requests', usd: lambdaAndFrontDoor.apiGatewayHttpApi },
  ]
  return lines
    .filter((l) => l.usd > 0)
    .sort((a, b) => b.usd - a.usd)
    .map((l) => `${l.name}: $${l.usd.toFixed(4)}`)
}

function report(m: MeasuredWorkload) {
  const { records, batch } = m.workload
  const perMillion = 1e6 / records
  const perGB = GB / (records * RECORD_BYTES)
  const total = addUsage(m.write, m.read)
  const requests = m.write.lambdaInvocations + m.read.lambdaInvocations
  const storageFor = (factor: number) =>
    storageUsd({ dynamodb: m.storedBytes.dynamodb * factor, s3: m.storedBytes.s3 * factor }, STORAGE_HOURS)
  const pricedPerMillion = price(scaleUsage(total, perMillion), storageFor(perMillion))
  const pricedPerGB = price(scaleUsage(total, perGB), storageFor(perGB))
  return {
    units: {
      ...units(scaleUsage(total, perMillion)),
      write: units(scaleUsage(m.write, perMillion)),
      read: units(scaleUsage(m.read, perMillion)),
    },
    // The bars price DynamoDB, S3 and Lambda: that is behind Function URLs, which cost nothing.
    usdPerMillionRecords: pricedPerMillion.totalWithFunctionUrls,
    usdPerGB: pricedPerGB.totalWithFunctionUrls,
    withHttpApi: { usdPerMillionRecords: pricedPerMillion.total, usdPerGB: pricedPerGB.total },
    breakdown: {
      measured: {
        records,
        produceRequests: records / batch,
        fetchRequests: m.read.lambdaInvocations,
        lambdaMsPerRequest: round((m.write.lambdaBilledMs + m.read.lambdaBilledMs) / requests, 1),
        lambdaWallClockMsPerRequest: round(m.wallBilledMs / requests, 1),
        lambdaMsPerRequestCpuNeverBesideWaits: round(m.serialBilledMs / requests, 1),
        storedBytes: m.storedBytes,
        extrapolation: `x${round(perMillion, 2)} to a million records, x${round(perGB, 2)} to 1 GB`,
      },
      usdPerMillionRecords: dollars(pricedPerMillion, 4),
      usdPerGB: dollars(pricedPerGB, 5),
      dominantPerMillionRecords: dominantCosts(m, perMillion),
    },
  }
}

/** An idle stack: no requests, no provisioned capacity; storage of an empty table and bucket. */
async function idleUsdPerMonth(emulators: Emulators) {
  const storage = benchStorage(emulators, 'idle')
  const bench = await startBenchService({ storage })
  try {
    const dynamodb = await tableBytes(storage)
    return { usd: storageUsd({ dynamodb, s3: 0 }, HOURS_PER_MONTH), tableBytes: dynamodb }
  } finally {
    await bench.stop()
  }
}

/**
 * Request accounting and prices per workload, extrapolated linearly from the measured volume to a
 * million records and to 1 GB (1 KB records, written once and read once by one consumer, stored 24 h).
 */
export async function benchCost(emulators: Emulators) {
  const measured: Record<string, ReturnType<typeof report>> = {}
  for (const workload of WORKLOADS) {
    // Each workload draws its own latencies from one seed: a change that makes another workload draw
    // more or fewer (a hedge) does not reshuffle this one's, so runs of two commits compare like for like.
    measured[workload.label] = report(await measure(emulators, workload, new LatencyModel(7)))
  }
  const get = (label: string) => measured[label] as ReturnType<typeof report>
  const idle = await idleUsdPerMonth(emulators)
  const millionRecordsGB = (1e6 * RECORD_BYTES) / GB
  const peers = peerUsd(1, { hours: STORAGE_HOURS, partitions: 1 })
  return {
    requestUnitsPerMillionRecords: Object.fromEntries(WORKLOADS.map((w) => [w.label, get(w.label).units])),
    usdPerMillionRecords: Object.fromEntries(
      WORKLOADS.map((w) => [w.label, round(get(w.label).usdPerMillionRecords, 4)]),
    ),
    usdPerGB: Object.fromEntries(WORKLOADS.map((w) => [w.label, round(get(w.label).usdPerGB, 5)])),
    withHttpApi: {
      usdPerMillionRecords: Object.fromEntries(
        WORKLOADS.map((w) => [w.label, round(get(w.label).withHttpApi.usdPerMillionRecords, 4)]),
      ),
      usdPerGB: Object.fromEntries(
        WORKLOADS.map((w) => [w.label, round(get(w.label).withHttpApi.usdPerGB, 5)]),
      ),
      note: 'the same with the API Gateway HTTP API front door the CDK app deploys ($1.00 per million requests, per 512 KB of payload)',
    },
    idleUsdPerMonth: round(idle.usd, 6),
    peers: {
      kinesisOnDemand: {
        usdPerGB: round(peers.kinesisOnDemand.variable, 4),
        usdPerMillionRecords: round(peers.kinesisOnDemand.variable * millionRecordsGB, 4),
        fixedUsdPerMonth: round(peers.kinesisOnDemand.fixedPerMonth, 2),
        note: 'on-demand standard: ingest + retrieval per GB (24 h retention included), plus the per-stream hour; 1 KB records are billed as 1 KB each',
      },
      mskServerless: {
        usdPerGB: round(peers.mskServerless.variable, 4),
        usdPerMillionRecords: round(peers.mskServerless.variable * millionRecordsGB, 4),
        fixedUsdPerMonth: round(peers.mskServerless.fixedPerMonth, 2),
        note: 'ingress + egress per GB and 24 h of storage, plus cluster and one partition per hour',
      },
    },
    breakdown: Object.fromEntries(WORKLOADS.map((w) => [w.label, get(w.label).breakdown])),
    idle: {
      tableBytesAfterProvisioning: idle.tableBytes,
      explanation: [
        'DynamoDB on demand: no charge without requests; storage of an empty table is 0 bytes (also for point-in-time recovery, billed per GB of table); the stream costs nothing to keep and Lambda reads of it are free.',
        `S3: an empty bucket stores 0 bytes ($${storagePrices.s3PerGBMonth}/GB-month).`,
        'Lambda: no provisioned concurrency, so nothing without invocations; the janitor is invoked only by REMOVE events on the stream.',
        'API Gateway HTTP API: billed per request only.',
        'Not in aws-prices.json and not counted: CloudWatch alarms and the dashboard the infra creates (billed per alarm-month and per dashboard beyond the free tier), log storage.',
      ],
    },
    assumptions: [
      'Latencies of the latency model are injected during these runs so that Lambda time is what it would be against AWS (simulated).',
      `Lambda: ${LAMBDA_MEMORY_MB} MB arm64 (the produce and fetch functions in infra/lib/sluice.ts); one invocation per HTTP request, billed for its handler time rounded up to 1 ms: the injected AWS latencies on its path plus the CPU time of this process meanwhile that did not run beside an injected wait (not wall-clock time, which a busy machine inflates; breakdown.*.measured.lambdaWallClockMsPerRequest shows it, and lambdaMsPerRequestCpuNeverBesideWaits the upper bound with all CPU time added). CPU time is this machine's: a 512 MB function has about 0.29 vCPU, so its CPU-bound share could take longer in AWS.`,
      'usdPerMillionRecords and usdPerGB price what the bars name (DynamoDB, S3, Lambda) and storage, as behind Function URLs (free); withHttpApi adds the API Gateway HTTP API front door the CDK app deploys, metered per 512 KB of request payload (breakdown.*: total with it, totalWithFunctionUrls without).',
      'DynamoDB: consumed capacity as DynamoDB Local reports it (ReturnConsumedCapacity TOTAL on every command, transactions included), with AWS minimums where it reports less: a strongly consistent read that finds nothing 1 RRU, a failed conditional write 1 WRU.',
      `Storage: what the table and bucket hold after the writes, for ${STORAGE_HOURS} h; DynamoDB items with ${DYNAMODB_ITEM_OVERHEAD} bytes overhead each.`,
      `Records: 1 KB (${RECORD_BYTES}-byte values, null keys), one partition, ${CONCURRENCY} producer request at a time; a first produce request (the partition's head created, the instance set up) is not metered; one consumer fetches from the first metered record with the default limits (1000 records, 1 MiB).`,
      'Extrapolated linearly from the measured volumes (see breakdown.*.measured): per-request work does not depend on how much was written before.',
      'Not counted: retention clean-up (TTL deletes are free; the janitor runs once per 100 removed entries), data transfer out of the region, CloudWatch logs and metrics.',
    ],
  }
}
