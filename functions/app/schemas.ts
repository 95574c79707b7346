// zod/mini: the same validation as zod's chained API at a fraction of the bundle (cold starts load it).
import * as z from 'zod/mini'
import { LIMITS } from '../engine/limits.js'

/** An integer within [min, max]. */
export const int = (min: number, max: number = Number.MAX_SAFE_INTEGER) =>
  z.int().check(z.minimum(min), z.maximum(max))

/** An array of `min` to `max` items. */
export const list = <T extends z.ZodMiniType>(item: T, min: number, max: number) =>
  z.array(item).check(z.minLength(min), z.maxLength(max))

/** Kafka's rule for topic and group names. */
export const NAME_PATTERN = /^[A-Za-z0-9._-]{1,249}$/
export const name = z.string().check(
  z.regex(NAME_PATTERN, 'must match ^[A-Za-z0-9._-]{1,249}$'),
  z.refine((n) => n !== '.' && n !== '..', "must not be '.' or '..'"),
)

const retentionMs = z
  .int()
  .check(
    z.refine(
      (r) => r === -1 || r >= LIMITS.minRetentionMs,
      `must be -1 (forever) or at least ${LIMITS.minRetentionMs}`,
    ),
  )
const partitions = int(1, LIMITS.maxPartitions)

export const createTopicBody = z.strictObject({
  name,
  partitions: z.optional(partitions),
  retentionMs: z.optional(retentionMs),
})
export const updateTopicBody = z.strictObject({
  partitions: z.optional(partitions),
  retentionMs: z.optional(retentionMs),
})

export const encoding = z.enum(['utf8', 'base64'])
export type Encoding = z.infer<typeof encoding>

const produceRecord = z.strictObject({
  key: z.optional(z.nullable(z.string())),
  value: z.nullable(z.string()),
  headers: z.optional(z.record(z.string(), z.string())),
  partition: z.optional(int(0)),
  timestamp: z.optional(int(0)),
})
export type ProduceRecordBody = z.infer<typeof produceRecord>

export const produceRecords = list(produceRecord, 1, LIMITS.maxRecordsPerRequest)
export const produceBody = z.strictObject({ records: produceRecords, encoding: z.optional(encoding) })

/** A query parameter holding an integer within [min, max]. */
const integerString = (min: number, max: number = Number.MAX_SAFE_INTEGER) =>
  z.pipe(
    z.pipe(z.string().check(z.regex(/^\d+$/, 'must be a non-negative integer')), z.transform(Number)),
    int(min, max),
  )

export const partitionParam = integerString(0)

export const fetchQuery = z.strictObject({
  offset: z.optional(z.union([z.enum(['earliest', 'latest']), integerString(0)])),
  timestamp: z.optional(integerString(0)),
  limit: z.optional(integerString(1, LIMITS.maxFetchRecords)),
  maxBytes: z.optional(integerString(1, LIMITS.maxFetchBytes)),
  waitMs: z.optional(integerString(0, LIMITS.maxWaitMs)),
  encoding: z.optional(encoding),
})

export const offsetsQuery = z.strictObject({ timestamp: z.optional(integerString(0)) })

export const idempotencyKey = z
  .string()
  .check(z.regex(/^[\x21-\x7e]{1,128}$/, 'must be 1 to 128 printable ASCII characters'))
