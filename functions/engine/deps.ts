import type { ServiceEvents } from '../observability/events.js'
import type { IdempotencyStore } from '../storage/idempotency-store.js'
import type { LogIndex } from '../storage/log-index.js'
import type { SegmentStore } from '../storage/segment-store.js'
import type { TopicCatalog } from '../storage/topic-catalog.js'
import type { EngineTiming } from './limits.js'
import type { AppendNotifier } from './notifier.js'
import type { ReservationBatcher } from './reservation-batcher.js'
import type { SegmentCache } from './segment-cache.js'

/** Everything the log engine works with: topics, the index and segments, and its clocks. */
export interface EngineDeps {
  catalog: TopicCatalog
  index: LogIndex
  /** Reservations on the index's sequencers, batched while one per partition is out. */
  reservations: ReservationBatcher
  segments: SegmentStore
  segmentCache: SegmentCache
  idempotency: IdempotencyStore
  notifier: AppendNotifier
  timing: EngineTiming
  now: () => number
  /** Where the engine reports what it did, for metrics. */
  events: ServiceEvents
}
