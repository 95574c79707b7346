import { z } from 'zod'
import { LIMITS } from '../engine/limits.js'

/** Kafka's rule for topic and group names. */
export const NAME_PATTERN = /^[A-Za-z0-9._-]{1,249}$/
export const name = z
  .string()
  .regex(NAME_PATTERN, 'must match ^[A-Za-z0-9._-]{1,249}$')
  .refine((n) => n !== '.' && n !== '..', "must not be '.' or '..'")

const retentionMs = z
  .number()
  .int()
  .refine(
    (r) => r === -1 || r >= LIMITS.minRetentionMs,
    `must be -1 (forever) or at least ${LIMITS.minRetentionMs}`,
  )
const partitions = z.number().int().min(1).max(LIMITS.maxPartitions)

export const createTopicBody = z.strictObject({
  name,
  partitions: partitions.optional(),
  retentionMs: retentionMs.optional(),
})
export const updateTopicBody = z.strictObject({
  partitions: partitions.optional(),
  retentionMs: retentionMs.optional(),
})

export const encoding = z.enum(['utf8', 'base64'])
export type Encoding = z.infer<typeof encoding>

const produceRecord = z.strictObject({
  key: z.string().nullable().optional(),
  value: z.string().nullable(),
  headers: z.record(z.string(), z.string()).optional(),
  partition: z.number().int().min(0).optional(),
  timestamp: z.number().int().min(0).optional(),
})
export type ProduceRecordBody = z.infer<typeof produceRecord>

export const produceBody = z.strictObject({
  records: z.array(produceRecord).min(1).max(LIMITS.maxRecordsPerRequest),
  encoding: encoding.optional(),
})

const integerString = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a non-negative integer')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))

export const partitionParam = integerString(0, Number.MAX_SAFE_INTEGER)

export const fetchQuery = z.strictObject({
  offset: z.union([z.enum(['earliest', 'latest']), integerString(0, Number.MAX_SAFE_INTEGER)]).optional(),
  timestamp: integerString(0, Number.MAX_SAFE_INTEGER).optional(),
  limit: integerString(1, LIMITS.maxFetchRecords).optional(),
  maxBytes: integerString(1, LIMITS.maxFetchBytes).optional(),
  waitMs: integerString(0, LIMITS.maxWaitMs).optional(),
  encoding: encoding.optional(),
})

export const offsetsQuery = z.strictObject({
  timestamp: integerString(0, Number.MAX_SAFE_INTEGER).optional(),
})

export const idempotencyKey = z
  .string()
  .regex(/^[\x21-\x7e]{1,128}$/, 'must be 1 to 128 printable ASCII characters')
