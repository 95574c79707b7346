/** A subscription's types: as the API shows it (docs/api.md, Subscriptions) and as the service keeps it. */

import type { Grant } from '../auth/grants.js'

export interface BatchPolicy {
  /** 1..10,000 records per delivery. */
  maxRecords: number
  /** Up to 4 MiB of records per delivery. */
  maxBytes: number
  /** 0: deliver at once; else wait up to this long for a batch to fill. */
  maxWaitMs: number
}

export interface RetryPolicy {
  /** 1..1,000, or -1: retry forever (never bisect, never dead-letter). */
  maxAttempts: number
  minBackoffMs: number
  maxBackoffMs: number
}

export type StartAt = 'earliest' | 'latest' | { timestamp: number }
export type DeliveryMode = 'at-least-once' | 'exactly-once'

/** A target as the API shows it: never the webhook's secret. */
export type TargetView = { type: 'webhook'; url: string } | { type: 'lambda'; functionArn: string }

/** A target as kept: the webhook's secret sealed with the service's key (see secret-box.ts). */
export type StoredTarget =
  | { type: 'webhook'; url: string; sealedSecret: string }
  | { type: 'lambda'; functionArn: string }

/** A subscription as the API answers it. */
export interface SubscriptionView {
  name: string
  topic: string
  group: string
  target: TargetView
  batch: BatchPolicy
  retry: RetryPolicy
  deadLetterTopic: string | null
  startAt: StartAt
  delivery: DeliveryMode
  paused: boolean
  createdAt: number
}

/** A subscription as the service keeps it and the deliverer reads it. */
export interface Subscription {
  name: string
  /** This incarnation of the name: a subscription deleted and created again is another one. */
  id: string
  topic: string
  /** The topic incarnation it delivers: a topic deleted and created again is not delivered. */
  topicId: string
  group: string
  target: StoredTarget
  batch: BatchPolicy
  retry: RetryPolicy
  /** Raised by every change of `retry`: a partition blocked under an earlier one is unblocked. */
  retryVersion: number
  deadLetterTopic?: string
  startAt: StartAt
  delivery: DeliveryMode
  paused: boolean
  createdAt: number
  /**
   * The grants of the API key that created or last changed it: an exactly-once target appends only to
   * topics these allow producing to, so a target cannot write where its subscriber may not. Absent
   * where auth is off (the local server on loopback): any topic.
   */
  actingGrants?: readonly Grant[]
}

/** What describe shows of a partition's delivery. */
export type PartitionDeliveryState = 'idle' | 'delivering' | 'retrying' | 'blocked' | 'paused'

/**
 * A partition's delivery progress as kept between runs: only while something is wrong (a batch failing,
 * a bisection under way, a record blocking the partition); a partition delivering fine has none. It
 * speaks of the batch at `offset`: once the committed offset has moved past it (and past `bisectEnd`),
 * it is stale.
 */
export interface PartitionProgress {
  partition: number
  /** The committed offset when the failures below happened: where the failing batch starts. */
  offset: number
  /** Failed attempts at delivering the records from `offset`. */
  attempts: number
  lastError?: string
  /** No delivery before then (the backoff of the last failure). */
  nextAttemptAt?: number
  /**
   * While bisecting: the failing batch ended before this offset. Each next batch is the first half of
   * the records from the committed offset up to it, until the failing record is alone.
   */
  bisectEnd?: number
  /** Blocked on the record at `offset` (no dead-letter topic), until `retry` changes from this version. */
  blockedAtRetryVersion?: number
}

/** One partition of one subscription: what a wake runs. */
export interface DeliveryJob {
  subscription: string
  partition: number
}

/** Makes delivery of a partition of a subscription run in another invocation, now or at `atMs`. */
export interface DeliveryWaker {
  wake(job: DeliveryJob, atMs?: number): Promise<void>
}
