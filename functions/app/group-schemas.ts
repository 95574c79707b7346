import { z } from 'zod'
import { LIMITS } from '../engine/limits.js'
import { GROUP_LIMITS } from '../groups/limits.js'
import { encoding, name, produceBody } from './schemas.js'

const offset = z.number().int().min(0)
const partition = z.number().int().min(0)
const epoch = z.number().int().min(0)
const topics = z.array(name).min(1).max(GROUP_LIMITS.maxMemberTopics)
const sessionMs = z.number().int().min(GROUP_LIMITS.minSessionMs).max(GROUP_LIMITS.maxSessionMs)
const leaseMs = z.number().int().min(GROUP_LIMITS.minLeaseMs).max(GROUP_LIMITS.maxLeaseMs)

/** Member ids follow the rule for names: the SDK uses UUIDs, people use host names. */
export const memberId = name

export const joinBody = z.strictObject({ topics, sessionMs: sessionMs.optional() })

export const leaseBody = z.strictObject({ memberId, leaseMs: leaseMs.optional() })

export const releaseQuery = z.strictObject({
  memberId,
  epoch: z.string().regex(/^\d+$/, 'must be a non-negative integer').transform(Number).pipe(epoch),
})

export const heartbeatBody = z.strictObject({
  topics,
  sessionMs: sessionMs.optional(),
  leaseMs: leaseMs.optional(),
  leases: z
    .array(z.strictObject({ topic: name, partition, epoch }))
    .max(GROUP_LIMITS.maxHeartbeatLeases)
    .optional(),
})

export const commitBody = z.strictObject({
  topic: name,
  memberId: memberId.optional(),
  offsets: z
    .array(z.strictObject({ partition, offset, epoch: epoch.optional() }))
    .min(1)
    .max(GROUP_LIMITS.maxCommitPartitions),
})

export const offsetsQuery = z.strictObject({ topic: name.optional() })

export const resetBody = z.union([
  z.strictObject({ to: z.enum(['earliest', 'latest']) }),
  z.strictObject({ timestamp: z.number().int().min(0) }),
  z.strictObject({
    offsets: z.array(z.strictObject({ partition, offset })).min(1).max(LIMITS.maxPartitions),
  }),
])

export const transactionBody = z.strictObject({
  produce: z
    .array(z.strictObject({ topic: name, records: produceBody.shape.records, encoding: encoding.optional() }))
    .max(GROUP_LIMITS.maxTransactionPartitions),
  commit: z
    .strictObject({
      group: name,
      topic: name,
      memberId,
      offsets: z
        .array(z.strictObject({ partition, offset, epoch }))
        .min(1)
        .max(GROUP_LIMITS.maxTransactionPartitions),
    })
    .optional(),
})

export const fetchManyBody = z.strictObject({
  partitions: z
    .array(
      z.strictObject({
        topic: name,
        partition,
        offset: z.union([offset, z.enum(['earliest', 'latest'])]).optional(),
      }),
    )
    .min(1)
    .max(GROUP_LIMITS.maxFetchPartitions),
  limit: z.number().int().min(1).max(LIMITS.maxFetchRecords).optional(),
  maxBytes: z.number().int().min(1).max(LIMITS.maxFetchBytes).optional(),
  waitMs: z.number().int().min(0).max(LIMITS.maxWaitMs).optional(),
  encoding: encoding.optional(),
})
