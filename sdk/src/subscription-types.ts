/** Subscriptions (push delivery) as the API shows and takes them (docs/api.md, Subscriptions). */

/** How records are grouped into one delivery. */
export interface SubscriptionBatch {
  /** Most records per delivery, 1..10,000. */
  maxRecords: number
  /** Most bytes of records per delivery, up to 4 MiB. */
  maxBytes: number
  /** 0 delivers at once; otherwise waits up to this long (up to 300,000 ms) to fill a batch. */
  maxWaitMs: number
}

/** How a failing batch is retried before it is split and its failing record dead-lettered. */
export interface SubscriptionRetry {
  /** Attempts at a batch, 1..1,000, or -1 to retry forever (never split, never dead-letter). */
  maxAttempts: number
  /** The first backoff, in ms; each next one doubles, with jitter, up to `maxBackoffMs`. */
  minBackoffMs: number
  maxBackoffMs: number
}

/**
 * Where delivery starts, resolved when the subscription is created: the first record still held, the
 * end (a record produced after the create answered is delivered), or the first record at or after a time.
 */
export type SubscriptionStartAt = 'earliest' | 'latest' | { timestamp: number }

/**
 * `exactly-once` lets a target's answer carry records to append (`produce`), in one transaction with
 * the batch's commit.
 */
export type DeliveryMode = 'at-least-once' | 'exactly-once'

/** A webhook target as given: deliveries are signed with `secret` (see `verifySignature`). */
export interface WebhookTargetInput {
  type: 'webhook'
  /** An https URL on a public address; the local server also takes http://127.0.0.1 and localhost. */
  url: string
  /** Signs every delivery (`Sluice-Signature`); never shown again. */
  secret: string
}

/** A Lambda function target: invoked synchronously with the `DeliveryEvent`; the stack's account only. */
export interface LambdaTarget {
  type: 'lambda'
  functionArn: string
}

/** A target as the API shows it: never the webhook's secret. */
export type SubscriptionTarget = { type: 'webhook'; url: string } | LambdaTarget

/** A subscription as the API answers it. */
export interface Subscription {
  name: string
  topic: string
  /** The consumer group whose committed offsets are the subscription's progress. */
  group: string
  target: SubscriptionTarget
  batch: SubscriptionBatch
  retry: SubscriptionRetry
  deadLetterTopic: string | null
  startAt: SubscriptionStartAt
  delivery: DeliveryMode
  paused: boolean
  createdAt: number
}

/**
 * A partition's delivery: `idle` (nothing to deliver, or a run is about to start), `delivering` (a run
 * holds it), `retrying` (a batch failed; see `attempts`, `lastError`, `nextAttemptAt`), `blocked` (a
 * record failed alone without a dead-letter topic: until `retry` changes or the group is reset), `paused`.
 */
export type PartitionDeliveryState = 'idle' | 'delivering' | 'retrying' | 'blocked' | 'paused'

export interface SubscriptionPartition {
  partition: number
  /** The group's committed offset: the next record to deliver; `null` before any commit. */
  committedOffset: number | null
  endOffset: number
  /** `endOffset - committedOffset`; `null` without a commit. */
  lag: number | null
  state: PartitionDeliveryState
  /** Failed attempts at the batch at the committed offset. */
  attempts: number
  lastError: string | null
  /** While `retrying`: when the next attempt is due (ms since the epoch). */
  nextAttemptAt: number | null
}

/** A subscription with its partitions' delivery (`GET /v1/subscriptions/{name}`). */
export interface SubscriptionDescription extends Subscription {
  partitions: SubscriptionPartition[]
}

export interface CreateSubscriptionInput {
  /** The subscription's name (a topic name's rule). */
  name: string
  /** The topic delivered. */
  topic: string
  /**
   * The group whose offsets it commits; no other subscription's, and no live consumer's.
   *
   * @default the subscription's name
   */
  group?: string
  target: WebhookTargetInput | LambdaTarget
  /**
   * How records are grouped into deliveries.
   *
   * @default { maxRecords: 100, maxBytes: 1_048_576, maxWaitMs: 0 }
   */
  batch?: Partial<SubscriptionBatch>
  /**
   * How failures are retried.
   *
   * @default { maxAttempts: 10, minBackoffMs: 1_000, maxBackoffMs: 300_000 }
   */
  retry?: Partial<SubscriptionRetry>
  /**
   * Where a record that failed alone after `maxAttempts` goes, with `sluice-dlq-*` headers; an existing
   * topic, not the one delivered.
   *
   * @default none: the partition is blocked on that record
   */
  deadLetterTopic?: string
  /**
   * Where delivery starts.
   *
   * @default 'latest'
   */
  startAt?: SubscriptionStartAt
  /**
   * @default 'at-least-once'
   */
  delivery?: DeliveryMode
}

/** A changed webhook: its secret is kept unless a new one is given. */
export interface WebhookTargetChange {
  type: 'webhook'
  url: string
  /** @default the current secret */
  secret?: string
}

/** What `alterSubscription` changes; fields left out keep their values. */
export interface AlterSubscriptionInput {
  /** Pausing stops new deliveries (one in flight finishes); resuming continues from the committed offsets. */
  paused?: boolean
  target?: WebhookTargetChange | LambdaTarget
  batch?: Partial<SubscriptionBatch>
  /** Any `retry` given, even unchanged, unblocks a blocked partition. */
  retry?: Partial<SubscriptionRetry>
  /** `null` removes the dead-letter topic. */
  deadLetterTopic?: string | null
}
