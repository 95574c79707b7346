import type { PartitionRef } from '../types.js'
import type { RevokeReason } from './events.js'

/** A partition this member holds a lease on, and how far it has got with it. */
export class OwnedPartition implements PartitionRef {
  /** Where the next fetch starts; `earliest`/`latest` until the first fetch resolves it. */
  position: number | 'earliest' | 'latest'
  /** The offset the group has committed (the next to consume), as far as this member knows. */
  committed: number | null
  /** One past the last message processed under this lease; `null` before the first. */
  processed: number | null = null
  /** Until when the lease holds, by this member's clock: the time the renewal was sent plus `leaseMs`. */
  expiresAt: number
  /** Why the member stopped consuming the partition; `undefined` while it consumes it. */
  stopped: RevokeReason | undefined
  /** Set once a commit under this lease was refused (reported once). */
  fenced = false
  /** Handler failures in a row, for the retry backoff. */
  failures = 0
  /** Not fetched before this time (a retry after a handler error). */
  retryAt = 0
  /** The processing of the current batch, while it runs. */
  busy: Promise<void> | undefined

  constructor(
    readonly topic: string,
    readonly partition: number,
    readonly epoch: number,
    grant: { committedOffset: number | null; expiresAt: number; startFrom: 'earliest' | 'latest' },
  ) {
    this.committed = grant.committedOffset
    this.position = grant.committedOffset ?? grant.startFrom
    this.expiresAt = grant.expiresAt
  }

  /** Whether to fetch and process it: not stopped and, as far as this member can tell, still leased. */
  get live(): boolean {
    return this.stopped === undefined && Date.now() < this.expiresAt
  }

  get ref(): PartitionRef {
    return { topic: this.topic, partition: this.partition }
  }
}
