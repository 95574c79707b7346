import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { expect } from 'vitest'
import { type RunningService, serveSluice } from '../../functions/local/serve.js'
import type { ServiceDeps, SubscriptionOptions } from '../../functions/service.js'
import type { StorageConfig } from '../../functions/storage/config.js'
import type { DeliveryEvent } from '../../functions/subscriptions/delivery-target.js'
import type { DeliveryJob, DeliveryWaker } from '../../functions/subscriptions/types.js'
import { api } from '../support/http.js'
import { testStorage } from '../support/service.js'

/** Delivery timings short enough for tests: a crashed run's lease, a target's timeout. */
export const TEST_DELIVERY_TIMING = {
  leaseMs: 5000,
  targetTimeoutMs: 2000,
  stalledRecheckMs: 200,
  dispatchCacheMs: 200,
}

/**
 * The real service with the local delivery wiring (the stream reader feeding the dispatcher, the
 * timer waker), reading the stream often: deliveries happen as they would on `npm start`.
 */
export async function startDeliveringService(
  options: { wrap?: (deps: ServiceDeps) => ServiceDeps; subscriptions?: SubscriptionOptions } = {},
) {
  const service = await serveSluice({
    storage: testStorage(),
    port: 0,
    streamPollMs: 50,
    engine: {
      ...(options.wrap ? { wrap: options.wrap } : {}),
      subscriptions: { timing: TEST_DELIVERY_TIMING, ...options.subscriptions },
    },
  })
  return { service, call: api(service.url) }
}

/** Wakes asked for, which a test runs itself (`deliverPartition`) when it chooses. */
export class RecordingWaker implements DeliveryWaker {
  readonly wakes: { job: DeliveryJob; atMs: number | undefined }[] = []
  async wake(job: DeliveryJob, atMs?: number) {
    this.wakes.push({ job, atMs })
  }
}

/** The real service whose deliveries the test drives itself: nothing runs unless it calls the deliverer. */
export async function startDrivenService(
  options: {
    now?: () => number
    subscriptions?: SubscriptionOptions
    wrap?: (deps: ServiceDeps) => ServiceDeps
    storage?: StorageConfig
  } = {},
) {
  const waker = new RecordingWaker()
  const service: RunningService = await serveSluice({
    storage: options.storage ?? testStorage(),
    port: 0,
    engine: {
      ...(options.now ? { now: options.now } : {}),
      ...(options.wrap ? { wrap: options.wrap } : {}),
      subscriptions: { timing: TEST_DELIVERY_TIMING, ...options.subscriptions, waker: () => waker },
    },
  })
  return { service, call: api(service.url), waker }
}

export interface ReceivedDelivery {
  headers: IncomingHttpHeaders
  raw: string
  event: DeliveryEvent
  /** The status answered; undefined when the connection was dropped instead. */
  status?: number
}

/** What the test webhook answers: a status and body, or a dropped connection (an answer lost). */
export type WebhookAnswer = { status: number; body?: unknown; headers?: Record<string, string> } | 'drop'

/** A real HTTP server as a webhook target: records every delivery and answers as `answer` says. */
export async function startWebhook(
  answer: (delivery: ReceivedDelivery) => WebhookAnswer | Promise<WebhookAnswer> = () => ({ status: 200 }),
) {
  const received: ReceivedDelivery[] = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', async () => {
      const raw = Buffer.concat(chunks).toString('utf8')
      const delivery: ReceivedDelivery = { headers: req.headers, raw, event: JSON.parse(raw) }
      received.push(delivery)
      const out = await answer(delivery)
      if (out === 'drop') {
        req.socket.destroy()
        return
      }
      delivery.status = out.status
      res.writeHead(out.status, { 'content-type': 'application/json', ...out.headers })
      res.end(out.body === undefined ? '' : JSON.stringify(out.body))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    /** Deliveries the webhook accepted (2xx), in the order it got them. */
    accepted: () => received.filter((d) => d.status !== undefined && d.status >= 200 && d.status < 300),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}

/** Polls until `probe` answers something `accept` takes; fails, saying what, after a generous while. */
export async function until<T>(
  what: string,
  probe: () => Promise<T> | T,
  accept: (value: T) => boolean,
  ms = 30_000,
): Promise<T> {
  const deadline = Date.now() + ms
  for (;;) {
    const value = await probe()
    if (accept(value)) return value
    if (Date.now() > deadline)
      throw new Error(`gave up waiting for ${what}; last saw ${JSON.stringify(value)}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

/** A webhook subscription body with quick retries, as tests use it. */
export const webhookSubscription = (
  name: string,
  topic: string,
  url: string,
  extra: Record<string, unknown> = {},
) => ({
  name,
  topic,
  target: { type: 'webhook', url, secret: `whsec_${name}` },
  retry: { maxAttempts: 3, minBackoffMs: 5, maxBackoffMs: 20 },
  ...extra,
})

/** A webhook subscription as described after it was created with the defaults (docs/api.md). */
export const describedWithDefaults = (name: string, topic: string, url: string) => ({
  name,
  topic,
  group: name,
  target: { type: 'webhook', url },
  batch: { maxRecords: 100, maxBytes: 1_048_576, maxWaitMs: 0 },
  retry: { maxAttempts: 10, minBackoffMs: 1000, maxBackoffMs: 300_000 },
  deadLetterTopic: null,
  startAt: 'latest',
  delivery: 'at-least-once',
  paused: false,
  createdAt: expect.any(Number),
})

/** A partition of a subscription with no delivery under way or failed. */
export const idlePartition = (partition: number, committedOffset: number, endOffset = committedOffset) => ({
  partition,
  committedOffset,
  endOffset,
  lag: endOffset - committedOffset,
  state: 'idle',
  attempts: 0,
  lastError: null,
  nextAttemptAt: null,
})

/** The records of a partition, as the fetch API answers them. */
export async function readAll(call: ReturnType<typeof api>, topic: string, partition = 0) {
  const out = await call(
    'GET',
    `/v1/topics/${topic}/partitions/${partition}/records?offset=earliest&limit=10000`,
  )
  if (out.status !== 200) throw new Error(`fetch ${topic}: ${JSON.stringify(out.body)}`)
  return out.body.records as {
    offset: number
    key: string | null
    value: string
    headers: Record<string, string>
  }[]
}
