import type { PartitionRef } from '../types.js'

/** Why a member stopped consuming a partition. */
export type RevokeReason =
  /** The member handed the lease over to balance the group, or released it on `stop()`. */
  | 'released'
  /** A heartbeat reported the lease gone (taken over after expiry, or the group was reset). */
  | 'lost'
  /** The member could not renew the lease in time and stopped before the service said so. */
  | 'expired'
  /** A commit carrying the lease's epoch was refused: a newer owner holds the partition. */
  | 'fenced'

export interface RebalanceEvent {
  /** Partitions this member took. */
  assigned: PartitionRef[]
  /** Partitions this member stopped consuming. */
  revoked: Array<PartitionRef & { reason: RevokeReason }>
}

export interface FencedEvent extends PartitionRef {
  /** The epoch the refused commit carried. */
  epoch: number
}

export interface ConsumerEvents {
  rebalance: RebalanceEvent
  fenced: FencedEvent
}
