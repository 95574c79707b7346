/** A member of a group: until when its session lives, and until when its leases do. */
export interface MemberState {
  memberId: string
  topics: string[]
  expiresAt: number
  /** Every lease this member owns is live until then (set by the batch heartbeat only). */
  leasesUntil?: number
}

/** A (group, topic, partition): the lease, if it ever had one, and the committed offset, if any. */
export interface PartitionState {
  topic: string
  partition: number
  /** The last owner; whether the lease is still live, `leaseExpiry` says. */
  owner?: string
  /** Raised on every change of owner, of the owner's incarnation, or of the topic's; 0 before the first lease. */
  epoch: number
  /** The lease's own expiry, set by `PUT .../lease`; the owner's `leasesUntil` may extend it. */
  leaseExpiresAt?: number
  /** The owner's process that took the lease, when it said (a restarted member is another one). */
  incarnation?: string
  /** The topic incarnation the lease was taken on: commits into another one are refused. */
  leaseTopicId?: string
  offset?: number
  /** The topic incarnation the offset was committed for: a re-created topic does not inherit it. */
  offsetTopicId?: string
  /**
   * Set by a subscription's deliverer with its lease, removed by the release that leaves no delivery
   * progress behind: while it is absent, the subscription keeps no progress for the partition.
   */
  deliveryUnsettled?: true
}

export interface GroupSnapshot {
  members: MemberState[]
  partitions: PartitionState[]
}

/** How a commit is fenced: by the committing member's live lease of that epoch, or by there being none. */
export type CommitFence = { memberId: string; epoch: number } | 'no-live-lease'

export interface OffsetWrite {
  topic: string
  topicId: string
  partition: number
  offset: number
  fence: CommitFence
}

/** What a lease is taken for: the topic's incarnation and, when the taker names it, its own. */
export interface LeaseBinding {
  topicId: string
  incarnation?: string
}
