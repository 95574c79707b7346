import { handle } from 'hono/aws-lambda'
import { createApp } from '../../functions/app/app.js'
import { DEFAULT_TIMING, type EngineTiming } from '../../functions/engine/limits.js'
import type { Emulators } from '../../functions/local/emulators.js'
import { type RunningService, serveSluice } from '../../functions/local/serve.js'
import type { SubscriptionOptions } from '../../functions/service.js'
import type { AwsClients } from '../../functions/storage/clients.js'
import type { StorageConfig } from '../../functions/storage/config.js'
import { createInstrumentedClients } from './instrumented-clients.js'
import { LambdaHttp } from './lambda-http.js'
import type { LatencyModel } from './latency-model.js'
import { RequestMeter } from './request-meter.js'

let counter = 0

/** A fresh table and bucket on the run's stand-ins, so each workload's storage is its own. */
export function benchStorage(emulators: Emulators, label: string): StorageConfig {
  const name = `sluice-bench-${label}-${Date.now().toString(36)}-${counter++}`.toLowerCase()
  return {
    region: 'us-east-1',
    table: name,
    bucket: name,
    dynamoEndpoint: emulators.dynamoEndpoint,
    s3Endpoint: emulators.s3Endpoint,
  }
}

export interface BenchService {
  service: RunningService
  /** The instrumented AWS clients the service uses. */
  clients: AwsClients
  meter: RequestMeter
  http: LambdaHttp
  storage: StorageConfig
  stop(): Promise<void>
}

export interface BenchServiceOptions {
  storage: StorageConfig
  latency?: LatencyModel
  timing?: Partial<EngineTiming>
  /** How subscriptions wake and reach targets (the push module drives deliveries with its own waker). */
  subscriptions?: SubscriptionOptions
}

/**
 * The real service on a free port over instrumented AWS clients: one instance stands for one warm
 * Lambda function (its own engine, segment cache and in-process notifier). Two instances over one
 * storage stand for the produce and fetch functions.
 */
export async function startBenchService(options: BenchServiceOptions): Promise<BenchService> {
  const meter = new RequestMeter()
  const latency = options.latency
  const clients = createInstrumentedClients(options.storage, latency ? { meter, latency } : { meter })
  const service = await serveSluice({
    storage: options.storage,
    port: 0,
    engine: {
      clients,
      // The engine hedges segment puts, entry puts and reservations against AWS only; where the model
      // stands in for AWS, so does the bench, on simulated time (the first call to the stand-in is done
      // long before the second is due).
      timing: {
        ...(latency
          ? {
              segmentPutHedgeMs: DEFAULT_TIMING.segmentPutHedgeMs,
              entryPutHedgeMs: DEFAULT_TIMING.entryPutHedgeMs,
              reservationHedgeMs: DEFAULT_TIMING.reservationHedgeMs,
            }
          : {}),
        ...options.timing,
      },
      ...(latency ? { sleep: (ms: number, signal: AbortSignal) => latency.sleepSimulated(ms, signal) } : {}),
      ...(options.subscriptions ? { subscriptions: options.subscriptions } : {}),
    },
    // In AWS the janitor and the push dispatcher are functions of their own on the stream; here their
    // stream reader would bill its polls (DescribeTable through these clients) to this one.
    janitor: false,
    delivery: false,
  })
  meter.reset()
  return {
    service,
    clients,
    meter,
    http: new LambdaHttp(handle(createApp(service.deps)), options.latency),
    storage: options.storage,
    async stop() {
      await service.stop()
      clients.dynamo.destroy()
      clients.s3.destroy()
    },
  }
}

/** A JSON produce body of `count` records with `valueBytes`-byte ASCII values and null keys. */
export function produceBody(count: number, valueBytes = 1024): string {
  const value = 'v'.repeat(valueBytes)
  return JSON.stringify({ records: Array.from({ length: count }, () => ({ value })) })
}

export async function createTopic(http: LambdaHttp, name: string, partitions = 1): Promise<void> {
  await http.ok('POST', '/v1/topics', JSON.stringify({ name, partitions }))
}

/** Runs `worker` on `concurrency` loops until `durationMs` has passed; returns the completed count. */
export async function runFor(
  durationMs: number,
  concurrency: number,
  worker: () => Promise<number>,
): Promise<{ completed: number; elapsedMs: number }> {
  const started = performance.now()
  const deadline = started + durationMs
  let completed = 0
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        // Not `completed += await worker()`: that reads `completed` before the await, so concurrent
        // loops would overwrite each other's counts.
        const done = await worker()
        completed += done
      }
    }),
  )
  return { completed, elapsedMs: performance.now() - started }
}

/** Runs `worker` `total` times, at most `concurrency` at once. */
export async function runCount(total: number, concurrency: number, worker: (i: number) => Promise<void>) {
  let next = 0
  await Promise.all(
    Array.from({ length: Math.min(concurrency, total) }, async () => {
      while (next < total) await worker(next++)
    }),
  )
}
