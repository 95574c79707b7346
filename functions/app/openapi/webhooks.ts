// What the service sends rather than serves (docs/api.md, Subscriptions): the delivery a webhook target
// receives and the answer it may give, as the document's `webhooks`. The answer's schema is the one the
// deliverer parses targets' answers with.
import * as z from 'zod/mini'
import { answerBody } from '../../subscriptions/delivery-answer.js'
import { name } from '../schemas.js'
import { fetchedRecord } from './answers.js'
import { component, describe } from './contract.js'
import type { Tag } from './operations.js'

/** A request header the service sends. */
export interface SentHeader {
  schema: z.ZodMiniType
  description: string
}

/** A request the service makes to a target, and what the target may answer. */
export interface Webhook {
  operationId: string
  tag: Tag
  summary: string
  description: string
  headers: Record<string, SentHeader>
  body: z.ZodMiniType
  /** The body of a 2xx answer. */
  answer: z.ZodMiniType
  answerDescription: string
  /** What any other answer, or none, leads to. */
  failureDescription: string
}

export const deliveryEvent = component(
  z.object({
    subscription: name,
    topic: name,
    partition: describe(z.int().check(z.minimum(0)), 'The partition the records are of.'),
    attempt: describe(
      z.int().check(z.minimum(1)),
      "1 on a batch's first delivery, counting up on each retry of it.",
    ),
    encoding: describe(
      z.enum(['utf8', 'base64']),
      "How the records' `key` and `value` are written: `utf8` when every key and value of the batch is UTF-8 text, else `base64`.",
    ),
    records: describe(
      z.array(fetchedRecord),
      "Consecutive records of one partition, in offset order: at least one, at most the subscription's `batch.maxRecords` and, but for a single record, `batch.maxBytes`.",
    ),
  }),
  'DeliveryEvent',
  "A batch of a subscription's records: the JSON body POSTed to a webhook, and the payload a Lambda target is invoked with.",
)

component(
  answerBody,
  'DeliveryAnswer',
  "What a 2xx answer (or a Lambda's return value) may carry; anything else in it, or a body that is not a JSON object, is ignored. A malformed `failedOffset` or `produce` fails the delivery.",
)
describe(
  answerBody.shape.failedOffset,
  'The records before this offset succeeded: they are committed and delivery resumes at it. At or before the first record: the whole batch failed.',
)
describe(
  answerBody.shape.produce,
  "Exactly-once subscriptions (at-least-once ones ignore it): records to append in the same transaction as the batch's offset commit, so each delivered batch's output is appended exactly once. Entries as a transaction's `produce`, within its limits (50 partitions with the commit); one the service cannot append (a topic that does not exist, a record too large) fails the delivery.",
)

const signature = z
  .string()
  .check(z.regex(/^t=\d+,v1=[0-9a-f]{64}$/, 'must be t=<unix ms>,v1=<64 hex digits>'))
const batchKey = z
  .string()
  .check(
    z.regex(/^[A-Za-z0-9._-]{1,249}\/\d+\/\d+-\d+$/, 'must be <subscription>/<partition>/<first>-<last>'),
  )

export const WEBHOOKS: Record<string, Webhook> = {
  delivery: {
    operationId: 'deliver',
    tag: 'Subscriptions',
    summary: 'A delivery to a subscription target',
    description:
      "A subscription POSTs each batch to its webhook (or invokes its Lambda function synchronously with the same JSON). A partition's next batch is sent only once the previous one succeeded or was dead-lettered; partitions are delivered in parallel. At least once: a batch may be delivered again (a lost answer, a crash); its `Idempotency-Key` tells. Deliveries carry no API key: the signature authenticates them. Redirects are not followed.",
    headers: {
      'Sluice-Signature': {
        schema: signature,
        description:
          '`t=<unix ms>,v1=<hex HMAC-SHA256 of "<t>.<body>" keyed with the webhook\'s secret>`: recompute it over the raw body, compare in constant time, and refuse an old `t` to refuse replays.',
      },
      'Idempotency-Key': {
        schema: batchKey,
        description:
          '`<subscription>/<partition>/<first offset>-<last offset>`: the same on every retry of the batch.',
      },
    },
    body: deliveryEvent,
    answer: answerBody,
    answerDescription:
      'Success: the batch (or, with `failedOffset`, the records before it) is committed, in order, and the next batch follows.',
    failureDescription:
      "Failure, as is no answer within 30 s or a redirect: the batch is tried again with exponential backoff and jitter between the subscription's `minBackoffMs` and `maxBackoffMs`; after `maxAttempts`, it is split in halves until the failing record is alone, which goes to the dead-letter topic or blocks the partition.",
  },
}
