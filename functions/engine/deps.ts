import type { GroupStore } from '../storage/group-store.js'
import type { IdempotencyStore } from '../storage/idempotency-store.js'
import type { KeyStore } from '../storage/key-store.js'
import type { LogIndex } from '../storage/log-index.js'
import type { SegmentStore } from '../storage/segment-store.js'
import type { TopicCatalog } from '../storage/topic-catalog.js'
import type { EngineTiming } from './limits.js'
import type { AppendNotifier } from './notifier.js'
import type { ReservationBatcher } from './reservation-batcher.js'
import type { SegmentCache } from './segment-cache.js'

/** Everything the log engine works with; built once per process by `createEngine`. */
export interface EngineDeps {
  catalog: TopicCatalog
  index: LogIndex
  /** Reservations on the index's sequencers, batched while one per partition is out. */
  reservations: ReservationBatcher
  segments: SegmentStore
  segmentCache: SegmentCache
  idempotency: IdempotencyStore
  groups: GroupStore
  keys: KeyStore
  notifier: AppendNotifier
  timing: EngineTiming
  now: () => number
}
