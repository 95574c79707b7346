import { DEFAULT_TIMING, type EngineTiming } from './engine/limits.js'
import { AppendNotifier } from './engine/notifier.js'
import { ReservationBatcher } from './engine/reservation-batcher.js'
import { SegmentCache } from './engine/segment-cache.js'
import { type HedgedWrite, NO_EVENTS, type ServiceEvents } from './observability/events.js'
import type { AwsClients } from './storage/clients.js'
import type { StorageConfig } from './storage/config.js'
import { createDynamoClients } from './storage/dynamo-clients.js'
import { DynamoLogIndex } from './storage/dynamo-log-index.js'
import { GroupStore } from './storage/group-store.js'
import type { Sleep } from './storage/hedged.js'
import { IdempotencyStore } from './storage/idempotency-store.js'
import { KeyStore } from './storage/key-store.js'
import { lazyS3Client } from './storage/s3-client.js'
import { S3SegmentStore } from './storage/segment-store.js'
import { SubscriptionStore } from './storage/subscription-store.js'
import { TopicCatalog } from './storage/topic-catalog.js'
import type { DeliveryTarget } from './subscriptions/delivery-target.js'
import type { SubscriptionDeps } from './subscriptions/deps.js'
import { DEFAULT_DELIVERY_TIMING, type DeliveryTiming } from './subscriptions/limits.js'
import { type SecretKeySource, secretKeySource } from './subscriptions/secret-box.js'
import { deployedUrlPolicy, localUrlPolicy, type UrlPolicy } from './subscriptions/targets/url-policy.js'
import type { DeliveryWaker } from './subscriptions/types.js'

/** Everything the service works with: the log engine, consumer groups, subscriptions and the API keys. */
export interface ServiceDeps extends SubscriptionDeps {
  keys: KeyStore
}

/** How subscriptions reach their targets and wake their deliverers, where the defaults do not fit. */
export interface SubscriptionOptions {
  /** Built on the finished service (its deliverer runs on it). @default none: nothing is woken */
  waker?: (deps: ServiceDeps) => DeliveryWaker
  lambdaTarget?: (functionArn: string) => DeliveryTarget
  /** @default loopback allowed on local stores, a deployed stack's policy otherwise */
  urlPolicy?: UrlPolicy
  /** @default the environment's key, or on local stores one derived from the table */
  secretKeys?: SecretKeySource
  random?: () => number
  timing?: Partial<DeliveryTiming>
}

/**
 * Wakes nothing: for a service whose deliveries something else drives (a test calling the deliverer
 * itself, a tool that only reads).
 */
const NO_WAKER: DeliveryWaker = { wake: async () => undefined }

/** How the service is built: its clients, timings and clocks, and any wrap of its stores. */
export interface ServiceOptions {
  clients?: AwsClients
  timing?: Partial<EngineTiming>
  now?: () => number
  /** The clock hedged writes wait on (benchmarks count simulated time). @default a timer */
  sleep?: Sleep
  /** Where the engine and the groups report what they did, for metrics. @default nowhere */
  events?: ServiceEvents
  /** Replace storage adapters, e.g. to inject failures in tests. */
  wrap?: (deps: ServiceDeps) => ServiceDeps
  subscriptions?: SubscriptionOptions
}

/**
 * The composition root: builds the service's stores on DynamoDB and S3 (real, or the local stand-ins)
 * and the engine's parts on them: once per process, and once per service a test or benchmark runs.
 */
export function createService(config: StorageConfig, options: ServiceOptions = {}): ServiceDeps {
  const given = options.clients
  const subs = options.subscriptions ?? {}
  // Without clients given (in Lambda), the S3 SDK loads when a request first touches a segment.
  const clients = given ?? createDynamoClients(config)
  const timing: EngineTiming = {
    ...DEFAULT_TIMING,
    segmentPutHedgeMs: config.s3Endpoint ? 0 : DEFAULT_TIMING.segmentPutHedgeMs,
    entryPutHedgeMs: config.dynamoEndpoint ? 0 : DEFAULT_TIMING.entryPutHedgeMs,
    reservationHedgeMs: config.dynamoEndpoint ? 0 : DEFAULT_TIMING.reservationHedgeMs,
    ...options.timing,
  }
  const events = options.events ?? NO_EVENTS
  // The clock hedged writes wait on, for both stores.
  const hedgeSleep = options.sleep ? { sleep: options.sleep } : {}
  const hedgeAfter = (afterMs: number, write: HedgedWrite) =>
    afterMs > 0 ? { afterMs, ...hedgeSleep, onHedge: () => events.hedged(write) } : undefined
  const segmentHedge = hedgeAfter(timing.segmentPutHedgeMs, 'segmentPut')
  const segments = new S3SegmentStore(
    given ? async () => given.s3 : lazyS3Client(config),
    config.bucket,
    segmentHedge && { ...segmentHedge, minBytes: timing.segmentPutHedgeMinBytes },
  )
  const deps = withDerived({
    catalog: new TopicCatalog(clients.doc, config.table),
    index: new DynamoLogIndex(clients.doc, config.table, {
      entryPut: hedgeAfter(timing.entryPutHedgeMs, 'entryPut'),
      reservation: hedgeAfter(timing.reservationHedgeMs, 'reservation'),
    }),
    segments,
    idempotency: new IdempotencyStore(clients.doc, config.table),
    groups: new GroupStore(clients.doc, config.table),
    keys: new KeyStore(clients.doc, config.table),
    subscriptions: new SubscriptionStore(clients.doc, config.table),
    secretKeys: subs.secretKeys ?? secretKeySource(config),
    urlPolicy: subs.urlPolicy ?? (config.dynamoEndpoint ? localUrlPolicy() : deployedUrlPolicy()),
    waker: NO_WAKER,
    ...(subs.lambdaTarget ? { lambdaTarget: subs.lambdaTarget } : {}),
    random: subs.random ?? Math.random,
    deliveryTiming: { ...DEFAULT_DELIVERY_TIMING, ...subs.timing },
    notifier: new AppendNotifier(),
    timing,
    now: options.now ?? Date.now,
    events,
  })
  const service = options.wrap ? withDerived(options.wrap(deps)) : deps
  // The waker runs deliveries on the service as built, wrapped stores and all.
  if (subs.waker) service.waker = subs.waker(service)
  return service
}

/** The parts built on the index and the segment store: after a wrap, on the wrapped ones. */
function withDerived(deps: Omit<ServiceDeps, 'reservations' | 'segmentCache'>): ServiceDeps {
  return {
    ...deps,
    reservations: new ReservationBatcher(deps.index.reserve.bind(deps.index), deps.now),
    segmentCache: new SegmentCache(deps.segments),
  }
}
