/** Limits of API.md's Consumer groups and Transactions sections, and of the extensions. */
export const GROUP_LIMITS = {
  minSessionMs: 1000,
  maxSessionMs: 300_000,
  defaultSessionMs: 10_000,
  minLeaseMs: 1000,
  maxLeaseMs: 300_000,
  defaultLeaseMs: 10_000,
  maxMemberTopics: 100,
  /** One DynamoDB transaction holds at most 100 items: a commit of more partitions could not be atomic. */
  maxCommitPartitions: 100,
  /** API.md: produced partitions plus committed partitions (and the idempotency record fit in 100 items). */
  maxTransactionPartitions: 50,
  /** Leases one heartbeat may renew: the most partitions a topic can have. */
  maxHeartbeatLeases: 1024,
  maxFetchPartitions: 100,
} as const
