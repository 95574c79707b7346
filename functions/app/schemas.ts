// zod/mini: the same validation as zod's chained API at a fraction of the bundle (cold starts load it).
import * as z from 'zod/mini'
import { LIMITS } from '../engine/limits.js'
import {
  countRule,
  integerRule,
  isDotsName,
  NAME_NOT_DOTS_RULE,
  NAME_PATTERN,
  NAME_PATTERN_RULE,
  positionRule,
  retentionRule,
} from '../rules.js'

/** An integer within [min, max]; its type and both bounds state the same, whole rule when broken. */
export const int = (min: number, max: number = Number.MAX_SAFE_INTEGER) => {
  const rule = integerRule(min, max)
  return z.int(rule).check(z.minimum(min, rule), z.maximum(max, rule))
}

/** An array of `min` to `max` items, called `noun` in messages; `scope` says what the upper bound counts per. */
export const list = <T extends z.ZodMiniType>(
  item: T,
  min: number,
  max: number,
  noun = 'items',
  scope = '',
) => {
  const count = (input: unknown) => (Array.isArray(input) ? input.length : 0)
  return z
    .array(item)
    .check(
      z.minLength(min, { error: (issue) => countRule(count(issue.input), noun, `at least ${min}`) }),
      z.maxLength(max, { error: (issue) => countRule(count(issue.input), noun, `at most ${max}`, scope) }),
    )
}

/** Kafka's rule for topic and group names. */
// The pattern as a regex check (not only inside a refinement), so the OpenAPI document states it.
export const name = z.string().check(
  z.regex(NAME_PATTERN, NAME_PATTERN_RULE),
  z.refine((n) => !isDotsName(n), NAME_NOT_DOTS_RULE),
)

export const retentionMs = z
  .int(retentionRule())
  .check(z.refine((r) => r === -1 || r >= LIMITS.minRetentionMs, retentionRule()))
export const partitions = int(1, LIMITS.maxPartitions)

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

export const produceRecord = z.strictObject({
  key: z.optional(z.nullable(z.string())),
  value: z.nullable(z.string()),
  headers: z.optional(z.record(z.string(), z.string())),
  partition: z.optional(int(0)),
  timestamp: z.optional(int(0)),
})
export type ProduceRecordBody = z.infer<typeof produceRecord>

export const produceRecords = list(produceRecord, 1, LIMITS.maxRecordsPerRequest, 'records', ' per request')
export const produceBody = z.strictObject({ records: produceRecords, encoding: z.optional(encoding) })

/** A query or path parameter holding an integer within [min, max]. */
export const integerString = (min: number, max: number = Number.MAX_SAFE_INTEGER) =>
  z.pipe(
    z.pipe(z.string().check(z.regex(/^\d+$/, integerRule(min, max))), z.transform(Number)),
    int(min, max),
  )

/** A position (`positionRule`): an offset or one of the log's ends. */
export const logEnd = z.enum(['earliest', 'latest'])

export const partitionParam = integerString(0)

export const fetchQuery = z.strictObject({
  offset: z.optional(z.union([logEnd, integerString(0)], positionRule)),
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
