import { unmarshall } from '@aws-sdk/util-dynamodb'
import type { StreamRecordLike } from '../engine/janitor.js'
import {
  FIRST_ENTRY_SK,
  groupOfItem,
  isSubscriptionItem,
  partitionOfItem,
  RESET_AT,
} from '../storage/table-schema.js'
import type { SubscriptionDeps } from './deps.js'
import type { DeliveryJob, Subscription } from './types.js'

type Item = Record<string, unknown>

/** What a batch of the table's stream says about deliveries. */
export interface StreamSignals {
  /** Partitions (of topic incarnations) that got a new index entry: records to deliver. */
  appended: { topicId: string; partition: number }[]
  /** Group partitions whose committed offset a reset moved (written with no lease holder). */
  moved: { group: string; topic: string; partition: number }[]
  /** A subscription was created, changed or deleted: lists of them are stale. */
  subscriptionsChanged: boolean
}

type StreamImage = NonNullable<StreamRecordLike['dynamodb']>['NewImage']

const image = (i: StreamImage) =>
  // A stream image is a plain AttributeValue map; unmarshall's types expect the SDK's own union.
  i ? (unmarshall(i as Parameters<typeof unmarshall>[0]) as Item) : undefined

/**
 * Reads the stream records for what wakes deliveries: index entry INSERTs (pk `p#<topicId>#<partition>`,
 * sk `e#...`; DynamoDB Local may give its inserts other event names, so a new image without an old one
 * counts too) that are not skip markers; and committed offsets a reset moved (its write marks the item
 * `RESET_AT`, which the next take removes; it may unblock a partition). A deliverer's own writes (its
 * take, commits, release) carry no mark and wake nothing.
 */
export function streamSignals(records: readonly StreamRecordLike[]): StreamSignals {
  const signals: StreamSignals = { appended: [], moved: [], subscriptionsChanged: false }
  for (const record of records) {
    const after = image(record.dynamodb?.NewImage)
    const before = image(record.dynamodb?.OldImage)
    const item = after ?? before
    if (!item) continue
    if (isSubscriptionItem(item)) {
      signals.subscriptionsChanged = true
      continue
    }
    const inserted = after !== undefined && (record.eventName === 'INSERT' || before === undefined)
    const partition = partitionOfItem(item)
    if (partition && inserted && String(item.sk).startsWith(FIRST_ENTRY_SK) && after.skip !== true) {
      signals.appended.push(partition)
      continue
    }
    const group = groupOfItem(item)
    const movedOffset = after?.[RESET_AT] !== undefined && after.offset !== before?.offset
    if (group && movedOffset && typeof after.topic === 'string' && typeof after.partition === 'number') {
      signals.moved.push({ group, topic: after.topic, partition: after.partition })
    }
  }
  return signals
}

/** The (subscription, partition) runs the signals call for, each once. */
export function jobsToWake(signals: StreamSignals, subscriptions: readonly Subscription[]): DeliveryJob[] {
  const jobs = new Map<string, DeliveryJob>()
  const add = (subscription: string, partition: number) =>
    jobs.set(`${subscription}#${partition}`, { subscription, partition })
  for (const sub of subscriptions) {
    for (const a of signals.appended) if (a.topicId === sub.topicId) add(sub.name, a.partition)
    for (const m of signals.moved)
      if (m.group === sub.group && m.topic === sub.topic) add(sub.name, m.partition)
  }
  return [...jobs.values()]
}

/**
 * From the table's stream to deliverer wakes: one Query of the subscriptions (reused for
 * `dispatchCacheMs`, dropped when the stream shows one changed), then a wake per (subscription,
 * partition). It never waits on a target: the waker only starts runs.
 */
export class Dispatcher {
  private cached: { subscriptions: Subscription[]; at: number } | undefined

  constructor(
    private readonly deps: Pick<SubscriptionDeps, 'subscriptions' | 'waker' | 'now' | 'deliveryTiming'>,
  ) {}

  /** Wakes what the records call for; answers the jobs woken. */
  async dispatch(records: readonly StreamRecordLike[]): Promise<DeliveryJob[]> {
    const signals = streamSignals(records)
    if (signals.subscriptionsChanged) this.cached = undefined
    if (signals.appended.length === 0 && signals.moved.length === 0) return []
    const jobs = jobsToWake(signals, await this.subscriptions())
    await Promise.all(jobs.map((job) => this.deps.waker.wake(job)))
    return jobs
  }

  private async subscriptions(): Promise<Subscription[]> {
    const now = this.deps.now()
    if (this.cached && now - this.cached.at < this.deps.deliveryTiming.dispatchCacheMs) {
      return this.cached.subscriptions
    }
    const subscriptions = await this.deps.subscriptions.list()
    this.cached = { subscriptions, at: now }
    return subscriptions
  }
}
