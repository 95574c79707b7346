// The bodies the service answers with, as the OpenAPI document shows them (docs/api.md). Only the
// document loads this module, lazily: the routes build their answers in the engine's own types.
import * as z from 'zod/mini'
import { ACTIONS } from '../../auth/grants.js'
import type { ErrorCode } from '../../errors.js'
import { name } from '../schemas.js'
import { component, describe } from './contract.js'

const nonNegative = () => z.int().check(z.minimum(0))
const count = nonNegative()
const partition = describe(nonNegative(), 'A partition of the topic, from 0.')
const offset = (description = 'An offset in a partition.') => describe(nonNegative(), description)
const timestamp = (description = 'Milliseconds since the epoch.') => describe(nonNegative(), description)
const epoch = (description = "The lease's fencing token: raised on each change of owner.") =>
  describe(nonNegative(), description)

/** The `when` column of docs/api.md's error table: the document's description of each code. */
export const ERROR_CODES = {
  INVALID_REQUEST:
    'Malformed JSON, wrong types, unknown fields, a bad name, a partition out of range or a bad parameter. The message names the field, the rule it broke and the value it got; `issues` lists every problem.',
  UNAUTHENTICATED: 'No API key, or an unknown one.',
  FORBIDDEN: 'The key lacks the grant.',
  TOPIC_NOT_FOUND: 'No such topic.',
  GROUP_NOT_FOUND: 'No such group.',
  NOT_FOUND: 'No such route, or no such API key.',
  METHOD_NOT_ALLOWED: 'The route exists but not with this method; the `Allow` header lists its methods.',
  TOPIC_EXISTS: 'A topic of that name exists.',
  SUBSCRIPTION_EXISTS: 'A subscription of that name exists.',
  SUBSCRIPTION_NOT_FOUND: 'No subscription of that name.',
  LEASE_HELD: 'Another member holds a live lease on the partition (`owner`, `expiresAt`).',
  FENCED: 'The lease named (member and epoch) is no longer live, or a live lease covers the partition.',
  GROUP_ACTIVE: 'A live lease is held on the group (or on the topic being reset).',
  ALREADY_COMMITTED:
    "The transaction's commit does not move the offset forward: its inputs were processed already (`committedOffset`). Not retriable.",
  RECORD_TOO_LARGE:
    'A record over 1 MiB (key, value and headers), or, in a fetch, a record no answer can hold: fetch it with `encoding=base64`.',
  PAYLOAD_TOO_LARGE: 'A request body over 5 MiB.',
  OFFSET_OUT_OF_RANGE:
    'An offset below `startOffset` or beyond the end (the details carry `startOffset` and `endOffset`).',
  IDEMPOTENCY_KEY_REUSED: 'The same Idempotency-Key with a different body.',
  THROTTLED: 'Throttled: retry after a backoff.',
  UNAVAILABLE: 'Storage throttled or down: retry after a backoff.',
  INTERNAL: 'An unexpected failure; the body never holds a stack trace.',
} as const satisfies Record<ErrorCode, string>

export const errorCode = component(
  z.enum(Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]]),
  'ErrorCode',
  Object.entries(ERROR_CODES)
    .map(([code, when]) => `- \`${code}\`: ${when}`)
    .join('\n'),
)

/** THE error body: every error the service answers has this shape, whatever its status. */
export const errorBody = component(
  z.object({
    error: z.object({
      code: errorCode,
      message: describe(z.string(), 'What went wrong, for people.'),
      retriable: describe(z.boolean(), 'Whether the same request may succeed if sent again.'),
      issues: describe(
        z.optional(z.array(z.object({ path: z.string(), message: z.string() }))),
        'INVALID_REQUEST: every problem found; the message is the first.',
      ),
      topic: z.optional(name),
      partition: z.optional(partition),
      group: z.optional(name),
      subscription: describe(z.optional(name), 'SUBSCRIPTION_NOT_FOUND, SUBSCRIPTION_EXISTS: its name.'),
      offset: z.optional(offset('RECORD_TOO_LARGE in a fetch: the offset of the record.')),
      startOffset: z.optional(offset()),
      endOffset: z.optional(offset()),
      owner: describe(
        z.optional(z.string()),
        'LEASE_HELD, GROUP_ACTIVE, and INVALID_REQUEST of a subscription on a group in use: the member holding the lease.',
      ),
      expiresAt: z.optional(timestamp('LEASE_HELD: when the lease stops being live.')),
      epoch: z.optional(epoch()),
      committedOffset: z.optional(offset('ALREADY_COMMITTED: the offset committed already.')),
      outcome: describe(
        z.optional(z.enum(['unknown'])),
        'UNAVAILABLE of a produce or transaction: the write may or may not have landed; retry with the same Idempotency-Key to learn which.',
      ),
      partial: describe(
        z.optional(z.boolean()),
        'With `outcome`: the request wrote its partitions separately and some are known to have landed.',
      ),
    }),
  }),
  'Error',
  'Every error: `{"error": {code, message, retriable, ...details}}`. The details beside `code`, `message` and `retriable` depend on the code; a client must accept others.',
)

export const health = component(z.object({ status: z.enum(['ok']) }), 'Health')

export const topic = component(
  z.object({
    name,
    partitions: count,
    retentionMs: describe(z.int(), 'How long records are kept after they were appended; -1 is forever.'),
    createdAt: timestamp(),
  }),
  'Topic',
)

export const topicList = component(
  z.object({ topics: describe(z.array(topic), 'Sorted by name; only topics the key has a grant on.') }),
  'TopicList',
)

const partitionBounds = z.object({
  partition,
  startOffset: offset('The first offset still held (advances with retention).'),
  endOffset: offset('The high watermark: one past the last readable record.'),
})

export const topicDescription = component(
  z.object({ ...topic.shape, offsets: z.array(partitionBounds) }),
  'TopicDescription',
)

export const topicOffsets = component(
  z.object({
    offsets: z.union([
      z.array(partitionBounds),
      describe(
        z.array(z.object({ partition, offset: offset() })),
        'With `timestamp`: per partition, the first offset at or after it (`endOffset` where none).',
      ),
    ]),
  }),
  'TopicOffsets',
)

const appendedRecord = z.object({ partition, offset: offset(), timestamp: timestamp() })

export const produceAnswer = component(
  z.object({
    records: describe(
      z.array(appendedRecord),
      'One per record, in request order: where each was appended. A 200 means every record is durable and readable at that offset.',
    ),
  }),
  'ProduceAnswer',
)

const encodedText =
  "In the fetch's `encoding` (or the delivery's): `utf8` (a fetch's default) as text, `base64` as the bytes in standard base64."

export const fetchedRecord = component(
  z.object({
    offset: offset(),
    timestamp: timestamp(),
    key: describe(z.nullable(z.string()), `The record's key, or null. ${encodedText}`),
    value: describe(z.nullable(z.string()), `The record's value, or null (a tombstone). ${encodedText}`),
    headers: z.record(z.string(), z.string()),
  }),
  'FetchedRecord',
)

const readFields = {
  records: describe(
    z.array(fetchedRecord),
    'Offsets increase strictly; gaps are allowed (an offset may hold no record), repeats never.',
  ),
  nextOffset: offset('Where the next fetch starts.'),
  startOffset: offset('The first offset still held.'),
  endOffset: offset('The high watermark; never below the offset asked.'),
}

export const fetchAnswer = component(z.object(readFields), 'FetchAnswer')

export const fetchManyAnswer = component(
  z.object({
    partitions: describe(
      z.array(
        z.union([
          z.object({ topic: name, partition, ...readFields }),
          describe(
            z.object({ topic: name, partition, error: errorBody.shape.error }),
            'A partition that could not answer: OFFSET_OUT_OF_RANGE, or RECORD_TOO_LARGE for a record no answer can hold. The other partitions still answer.',
          ),
        ]),
      ),
      'In request order.',
    ),
  }),
  'FetchManyAnswer',
)

const member = z.object({
  memberId: name,
  topics: z.array(name),
  expiresAt: timestamp("When the member's session ends without a heartbeat."),
})

export const members = component(
  z.object({ members: describe(z.array(member), 'The live members.') }),
  'Members',
)

export const leaseGrant = component(
  z.object({
    memberId: name,
    epoch: epoch(),
    expiresAt: timestamp('When the lease stops being live (the later of its own expiry and `leasesUntil`).'),
    committedOffset: describe(
      z.nullable(offset()),
      "The group's committed offset on the partition, where to start; null where it has committed nothing.",
    ),
  }),
  'LeaseGrant',
)

const heldLease = z.object({ topic: name, partition, epoch: epoch() })

export const heartbeatAnswer = component(
  z.object({
    members: z.array(member),
    renewed: describe(
      z.array(z.object({ ...heldLease.shape, expiresAt: timestamp() })),
      'Listed leases the member still owns at that epoch, and when each stops being live.',
    ),
    lost: describe(
      z.array(heldLease),
      'Listed leases the member no longer holds: it must stop processing those partitions.',
    ),
    leases: describe(
      z.array(z.object({ ...heldLease.shape, owner: name, expiresAt: timestamp() })),
      "Every live lease on the member's topics (those the key may consume).",
    ),
    topics: describe(
      z.array(z.object({ topic: name, partitions: count })),
      "Partition counts of the member's topics; may lag a partition increase by up to a minute.",
    ),
  }),
  'HeartbeatAnswer',
)

export const committedOffsets = component(
  z.object({ offsets: z.array(z.object({ topic: name, partition, offset: offset() })) }),
  'CommittedOffsets',
)

export const groupList = component(
  z.object({
    groups: describe(
      z.array(z.object({ group: name, topics: z.array(name) })),
      'Only the groups the key holds a grant on.',
    ),
  }),
  'GroupList',
)

export const groupDescription = component(
  z.object({
    group: name,
    members: z.array(member),
    topics: describe(
      z.array(
        z.object({
          topic: name,
          partitions: z.array(
            z.object({
              partition,
              committedOffset: describe(z.nullable(offset()), 'null where the group has committed nothing.'),
              endOffset: offset(),
              lag: describe(z.nullable(count), 'endOffset - committedOffset; null with committedOffset.'),
              owner: describe(z.nullable(name), 'The member holding a live lease, else null.'),
              epoch: epoch('The last epoch (0 if never leased).'),
              leaseExpiresAt: describe(z.nullable(timestamp()), 'When the live lease ends, else null.'),
            }),
          ),
        }),
      ),
      'Only the topics the key may consume (or admin).',
    ),
  }),
  'GroupDescription',
)

export const transactionAnswer = component(
  z.object({
    produce: describe(
      z.array(z.object({ topic: name, records: z.array(appendedRecord) })),
      'Per produce entry, in request order: where its records were appended.',
    ),
  }),
  'TransactionAnswer',
)

const apiKeyFields = {
  id: z.string(),
  name: z.string(),
  grants: z.array(
    z.object({
      resource: describe(z.string(), '`topic:<glob>`, `group:<glob>` or `cluster`.'),
      actions: z.array(z.enum(ACTIONS as ['produce', 'consume', 'admin'])),
    }),
  ),
  createdAt: timestamp(),
}

export const apiKey = component(z.object(apiKeyFields), 'ApiKey', 'An API key; never its secret.')

export const createdApiKey = component(
  z.object({
    ...apiKeyFields,
    secret: describe(z.string(), 'Shown this once; the service keeps only its hash.'),
  }),
  'CreatedApiKey',
)

export const apiKeyList = component(z.object({ keys: z.array(apiKey) }), 'ApiKeyList')

const webhookTarget = z.object({
  type: z.enum(['webhook']),
  url: describe(z.string(), 'Where deliveries are POSTed.'),
})
const lambdaTarget = z.object({
  type: z.enum(['lambda']),
  functionArn: describe(z.string(), 'The function invoked with each delivery.'),
})

export const subscription = component(
  z.object({
    name,
    topic: name,
    group: name,
    target: describe(z.union([webhookTarget, lambdaTarget]), "Where batches go; never the webhook's secret."),
    batch: z.object({ maxRecords: count, maxBytes: count, maxWaitMs: count }),
    retry: z.object({
      maxAttempts: describe(z.int(), '1 to 1000, or -1: forever.'),
      minBackoffMs: count,
      maxBackoffMs: count,
    }),
    deadLetterTopic: describe(z.nullable(name), 'Where a record that failed alone goes; null: none.'),
    startAt: describe(
      z.union([z.enum(['earliest', 'latest']), z.object({ timestamp: timestamp() })]),
      'Where delivery started, resolved when the subscription was created.',
    ),
    delivery: z.enum(['at-least-once', 'exactly-once']),
    paused: z.boolean(),
    createdAt: timestamp(),
  }),
  'Subscription',
  "A subscription as created or changed: every setting, the defaults filled in; never the webhook's secret. Its progress is the committed offsets of `group`.",
)

export const subscriptionList = component(
  z.object({
    subscriptions: describe(
      z.array(subscription),
      'Sorted by name; only those on topics the key may consume (or admin).',
    ),
  }),
  'SubscriptionList',
)

export const subscriptionDescription = component(
  z.object({
    ...subscription.shape,
    partitions: describe(
      z.array(
        z.object({
          partition,
          committedOffset: describe(
            z.nullable(offset()),
            "The group's committed offset: the next record to deliver. null where the group has committed nothing.",
          ),
          endOffset: offset('The high watermark: one past the last readable record.'),
          lag: describe(z.nullable(nonNegative()), 'endOffset - committedOffset; null with committedOffset.'),
          state: describe(
            z.enum(['idle', 'delivering', 'retrying', 'blocked', 'paused']),
            '`idle`: nothing in flight, nothing failing. `delivering`: a run holds the partition. `retrying`: the batch at the committed offset failed and waits for `nextAttemptAt`. `blocked`: a record failed alone and could not be dead-lettered (no dead-letter topic, or the append failed); delivery waits until `retry` changes or the group offset is reset. `paused`: the subscription is paused.',
          ),
          attempts: describe(
            nonNegative(),
            'Failed attempts at the batch at the committed offset; 0 when none failed.',
          ),
          lastError: describe(z.nullable(z.string()), "The last failure's reason; null when none failed."),
          nextAttemptAt: describe(
            z.nullable(timestamp()),
            'When `retrying`: when the batch is tried again; else null.',
          ),
        }),
      ),
      "One per partition of the topic; none once the subscription's topic was deleted.",
    ),
  }),
  'SubscriptionDescription',
)
