import * as z from 'zod/mini'
import { LIMITS } from '../engine/limits.js'
import { GROUP_LIMITS } from '../groups/limits.js'
import { encoding, int, list, name, produceRecords } from './schemas.js'

const offset = int(0)
const partition = int(0)
const epoch = int(0)
const topics = list(name, 1, GROUP_LIMITS.maxMemberTopics)
const sessionMs = int(GROUP_LIMITS.minSessionMs, GROUP_LIMITS.maxSessionMs)
const leaseMs = int(GROUP_LIMITS.minLeaseMs, GROUP_LIMITS.maxLeaseMs)

/** Member ids follow the rule for names: the SDK uses UUIDs, people use host names. */
export const memberId = name

export const joinBody = z.strictObject({ topics, sessionMs: z.optional(sessionMs) })

export const leaseBody = z.strictObject({ memberId, leaseMs: z.optional(leaseMs) })

export const releaseQuery = z.strictObject({
  memberId,
  epoch: z.pipe(
    z.pipe(z.string().check(z.regex(/^\d+$/, 'must be a non-negative integer')), z.transform(Number)),
    epoch,
  ),
})

export const heartbeatBody = z.strictObject({
  topics,
  sessionMs: z.optional(sessionMs),
  leaseMs: z.optional(leaseMs),
  leases: z.optional(
    list(z.strictObject({ topic: name, partition, epoch }), 0, GROUP_LIMITS.maxHeartbeatLeases),
  ),
})

export const commitBody = z.strictObject({
  topic: name,
  memberId: z.optional(memberId),
  offsets: list(
    z.strictObject({ partition, offset, epoch: z.optional(epoch) }),
    1,
    GROUP_LIMITS.maxCommitPartitions,
  ),
})

export const offsetsQuery = z.strictObject({ topic: z.optional(name) })

export const resetBody = z.union([
  z.strictObject({ to: z.enum(['earliest', 'latest']) }),
  z.strictObject({ timestamp: int(0) }),
  z.strictObject({ offsets: list(z.strictObject({ partition, offset }), 1, LIMITS.maxPartitions) }),
])

export const transactionBody = z.strictObject({
  produce: list(
    z.strictObject({ topic: name, records: produceRecords, encoding: z.optional(encoding) }),
    0,
    GROUP_LIMITS.maxTransactionPartitions,
  ),
  commit: z.optional(
    z.strictObject({
      group: name,
      topic: name,
      memberId,
      offsets: list(z.strictObject({ partition, offset, epoch }), 1, GROUP_LIMITS.maxTransactionPartitions),
    }),
  ),
})

export const fetchManyBody = z.strictObject({
  partitions: list(
    z.strictObject({
      topic: name,
      partition,
      offset: z.optional(z.union([offset, z.enum(['earliest', 'latest'])])),
    }),
    1,
    GROUP_LIMITS.maxFetchPartitions,
  ),
  limit: z.optional(int(1, LIMITS.maxFetchRecords)),
  maxBytes: z.optional(int(1, LIMITS.maxFetchBytes)),
  waitMs: z.optional(int(0, LIMITS.maxWaitMs)),
  encoding: z.optional(encoding),
})
