/**
 * The SDK producer's throughput against a running service, beside the raw HTTP path in the same run:
 * 100,000 sends of one 1 KB record each, from 1,000 concurrent callers (an app server producing one
 * event per request), with lingerMs 0, 5 and 20; the raw path POSTs 1,000-record bodies one after
 * another with plain fetch. `ratioToRawBatch1000` = SDK records/s over raw records/s: the SDK's overhead
 * (or gain). Each run stops issuing sends after RUN_BUDGET_MS, so a slow service keeps the bench bounded.
 */
import { createTopic, Sluice } from '../sdk/src/index.js'

const SENDS = 100_000
const RECORD_BYTES = 1024
const CONCURRENT_CALLERS = 1000
const RAW_BATCH = 1000
const PARTITIONS = 8
const RUN_BUDGET_MS = 30_000
const LINGERS = [0, 5, 20] as const

const value = 'v'.repeat(RECORD_BYTES)

interface Run {
  records: number
  requests: number
  seconds: number
}

const perSecond = (count: number, seconds: number) => Math.round(count / seconds)

async function freshTopic(sluice: Sluice, label: string): Promise<string> {
  const name = `bench-sdk-${label}-${Date.now().toString(36)}`
  await sluice.execute(createTopic({ name, partitions: PARTITIONS, retentionMs: 3_600_000 }))
  return name
}

async function rawBatches(url: string, topic: string): Promise<Run> {
  const body = JSON.stringify({ records: Array.from({ length: RAW_BATCH }, () => ({ value })) })
  const started = performance.now()
  let records = 0
  let requests = 0
  while (records < SENDS && performance.now() - started < RUN_BUDGET_MS) {
    const response = await fetch(`${url}/v1/topics/${topic}/records`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    })
    if (!response.ok) throw new Error(`raw produce failed: ${response.status} ${await response.text()}`)
    await response.arrayBuffer()
    records += RAW_BATCH
    requests++
  }
  return { records, requests, seconds: (performance.now() - started) / 1000 }
}

async function sdkSends(url: string, topic: string, lingerMs: number): Promise<Run> {
  let requests = 0
  const countingFetch: typeof fetch = (input, init) => {
    if (init?.method === 'POST') requests++
    return fetch(input, init)
  }
  const producer = new Sluice({ url, fetch: countingFetch }).producer({ lingerMs })
  await producer.send({ topic, messages: [{ value: 'warm-up' }] }) // loads the partition count
  requests = 0
  let issued = 0
  const started = performance.now()
  const caller = async () => {
    while (issued < SENDS && performance.now() - started < RUN_BUDGET_MS) {
      issued++
      await producer.send({ topic, messages: [{ value }] })
    }
  }
  await Promise.all(Array.from({ length: CONCURRENT_CALLERS }, caller))
  await producer.close()
  return { records: issued, requests, seconds: (performance.now() - started) / 1000 }
}

export async function benchSdk(url: string): Promise<Record<string, unknown>> {
  const sluice = new Sluice({ url })
  const raw = await rawBatches(url, await freshTopic(sluice, 'raw'))
  const rawRecordsPerSec = perSecond(raw.records, raw.seconds)
  const recordsPerSec: Record<string, number> = {}
  const requestsPerSec: Record<string, number> = {}
  const recordsPerRequest: Record<string, number> = {}
  const ratioToRawBatch1000: Record<string, number> = {}
  const sent: Record<string, number> = {}
  for (const lingerMs of LINGERS) {
    const run = await sdkSends(url, await freshTopic(sluice, `linger${lingerMs}`), lingerMs)
    const label = `lingerMs${lingerMs}`
    recordsPerSec[label] = perSecond(run.records, run.seconds)
    requestsPerSec[label] = perSecond(run.requests, run.seconds)
    recordsPerRequest[label] = Math.round(run.records / Math.max(run.requests, 1))
    ratioToRawBatch1000[label] = Math.round((recordsPerSec[label] / rawRecordsPerSec) * 100) / 100
    sent[label] = run.records
  }
  return {
    'sdk.producer.recordsPerSec': recordsPerSec,
    'sdk.producer.requestsPerSec': requestsPerSec,
    'sdk.producer.ratioToRawBatch1000': ratioToRawBatch1000,
    'sdk.producer.recordsPerRequest': recordsPerRequest,
    'sdk.producer.recordsSent': sent,
    'sdk.raw.batch1000.recordsPerSec': rawRecordsPerSec,
    'sdk.raw.batch1000.recordsSent': raw.records,
    'sdk.workload': {
      sends: SENDS,
      recordBytes: RECORD_BYTES,
      concurrentCallers: CONCURRENT_CALLERS,
      partitions: PARTITIONS,
      keys: 'null (sticky partition per batch)',
      runBudgetMs: RUN_BUDGET_MS,
    },
  }
}

// `tsx bench/sdk.ts [url]` runs it alone against a running service (default: the local server).
if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await benchSdk(process.argv[2] ?? 'http://127.0.0.1:4100'), null, 2))
}
