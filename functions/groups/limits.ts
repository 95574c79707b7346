/** Limits of the Consumer groups and Transactions sections of docs/api.md. */
export const GROUP_LIMITS = {
  minSessionMs: 1000,
  maxSessionMs: 300_000,
  defaultSessionMs: 10_000,
  minLeaseMs: 1000,
  maxLeaseMs: 300_000,
  defaultLeaseMs: 10_000,
  maxMemberTopics: 100,
  /**
   * One DynamoDB transaction holds at most 100 items: the commits and the check of the member item
   * whose `leasesUntil` keeps their leases live. More partitions could not be committed atomically.
   */
  maxCommitPartitions: 99,
  /** A reset writes this many partitions per transaction, with at most as many previous owners' checks. */
  resetChunkPartitions: 50,
  /** docs/api.md: produced plus committed partitions (and the idempotency record fit in 100 items). */
  maxTransactionPartitions: 50,
  /** Leases one heartbeat may renew: the most partitions a topic can have. */
  maxHeartbeatLeases: 1024,
  maxFetchPartitions: 100,
} as const
