import * as z from 'zod/mini'
import { int, logEnd, name } from '../app/schemas.js'
import { SUBSCRIPTION_LIMITS as L } from './limits.js'

/** Bodies of the Subscriptions section of docs/api.md. */

const secret = z.string().check(z.minLength(1), z.maxLength(L.maxSecretLength))
const url = z.string().check(z.minLength(1), z.maxLength(2048))
const functionArn = z
  .string()
  .check(
    z.regex(
      /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9_$-]{1,128})?$/,
      'must be the ARN of a Lambda function',
    ),
  )

export const webhook = z.strictObject({ type: z.literal('webhook'), url, secret })
export const lambda = z.strictObject({ type: z.literal('lambda'), functionArn })
const targetRule = 'must be {"type": "webhook", "url", "secret"} or {"type": "lambda", "functionArn"}'

export const batch = z.strictObject({
  maxRecords: z.optional(int(1, L.maxBatchRecords)),
  maxBytes: z.optional(int(1, L.maxBatchBytes)),
  maxWaitMs: z.optional(int(0, L.maxBatchWaitMs)),
})

const attemptsRule = `must be -1 (forever) or an integer from 1 to ${L.maxAttempts}`
const maxAttempts = z
  .int(attemptsRule)
  .check(z.refine((n) => n === -1 || (n >= 1 && n <= L.maxAttempts), attemptsRule))
const backoff = int(1, L.maxBackoffMs)
export const retry = z.strictObject({
  maxAttempts: z.optional(maxAttempts),
  minBackoffMs: z.optional(backoff),
  maxBackoffMs: z.optional(backoff),
})

export const startAt = z.union(
  [logEnd, z.strictObject({ timestamp: int(0) })],
  'must be "earliest", "latest" or {"timestamp": <ms>}',
)

export const createSubscriptionBody = z.strictObject({
  name,
  topic: name,
  group: z.optional(name),
  target: z.union([webhook, lambda], targetRule),
  batch: z.optional(batch),
  retry: z.optional(retry),
  deadLetterTopic: z.optional(name),
  startAt: z.optional(startAt),
  delivery: z.optional(z.enum(['at-least-once', 'exactly-once'])),
})
export type CreateSubscriptionBody = z.infer<typeof createSubscriptionBody>

/** A changed webhook keeps its secret unless a new one is given. */
export const changedWebhook = z.strictObject({ type: z.literal('webhook'), url, secret: z.optional(secret) })

export const alterSubscriptionBody = z.strictObject({
  paused: z.optional(z.boolean()),
  target: z.optional(z.union([changedWebhook, lambda], targetRule)),
  batch: z.optional(batch),
  retry: z.optional(retry),
  /** null removes it. */
  deadLetterTopic: z.optional(z.nullable(name)),
})
export type AlterSubscriptionBody = z.infer<typeof alterSubscriptionBody>
