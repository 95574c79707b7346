// What the document says about the request schemas the routes parse with (docs/api.md): their
// component names and the rules JSON Schema cannot state (refinements, defaults, cross-field rules).

import {
  alterSubscriptionBody,
  batch,
  changedWebhook,
  createSubscriptionBody,
  lambda,
  retry,
  startAt,
  webhook,
} from '../../subscriptions/schemas.js'
import {
  commitBody,
  fetchManyBody,
  offsetsQuery as groupOffsetsQuery,
  heartbeatBody,
  joinBody,
  leaseBody,
  releaseQuery,
  resetBody,
  transactionBody,
} from '../group-schemas.js'
import { createKeyBody, grant } from '../key-schemas.js'
import {
  createTopicBody,
  encoding,
  fetchQuery,
  idempotencyKey,
  name,
  offsetsQuery,
  partitionParam,
  partitions,
  produceBody,
  produceRecord,
  produceRecords,
  retentionMs,
  updateTopicBody,
} from '../schemas.js'
import { component, describe } from './contract.js'

component(
  name,
  'Name',
  "A topic, group or member name (a lease's `incarnation` too): `^[A-Za-z0-9._-]{1,249}$`, and not `.` or `..` (Kafka's rule).",
)
component(
  encoding,
  'Encoding',
  'How `key` and `value` are written: `utf8` (the default) as text, `base64` as the bytes in standard base64. Headers are text either way.',
)
describe(partitions, 'From 1 to 1024. Partitions only grow.')
describe(
  retentionMs,
  'How long records are kept after they were appended, whatever timestamp they carry: -1 (forever) or at least 1000. A change applies to records appended after it.',
)
describe(
  partitionParam,
  'A partition of the topic: a non-negative integer below its partition count (400 otherwise).',
)
describe(
  idempotencyKey,
  '1 to 128 printable ASCII characters. The same key with the same body within 24 hours answers the first answer again and writes nothing; with a different body, 422 IDEMPOTENCY_KEY_REUSED. A retry after a 503 whose `outcome` is `unknown` learns with it whether the request landed.',
)

component(
  createTopicBody,
  'CreateTopic',
  'A new topic: `partitions` defaults to 1, `retentionMs` to 604800000 (7 days).',
)
component(updateTopicBody, 'UpdateTopic', 'What to change; partitions only grow.')

component(produceRecord, 'ProduceRecord', 'Only `value` is required.')
describe(
  produceRecord.shape.key,
  "The key, or null, in the request's `encoding`. Without `partition`, a non-null key picks it with Kafka's default partitioner (murmur2 of the key bytes); null-key records of a request share one partition the service picks.",
)
describe(produceRecord.shape.value, "The value in the request's `encoding`; null is a tombstone.")
describe(produceRecord.shape.partition, 'The partition to append to (400 if out of range).')
describe(produceRecord.shape.timestamp, 'Milliseconds since the epoch; default: when the record is appended.')
describe(produceRecords, 'From 1 to 10,000 records.')
component(
  produceBody,
  'Produce',
  'Records to append. Within a partition, records of one request get increasing offsets in request order. A record is at most 1 MiB (key, value and headers), the body at most 5 MiB.',
)

describe(fetchQuery.shape.offset, 'Where to start: `earliest` (the default), `latest` or an offset.')
describe(
  fetchQuery.shape.timestamp,
  'Instead of `offset`: start at the first record whose timestamp is at or after it (milliseconds since the epoch).',
)
describe(fetchQuery.shape.limit, 'At most this many records: 1 to 10,000 (default 1,000).')
describe(
  fetchQuery.shape.maxBytes,
  'About this many bytes of records: 1 to 4 MiB (default 1 MiB); always at least one record whenever one fits alone in an answer.',
)
describe(
  fetchQuery.shape.waitMs,
  'With nothing to return yet, wait up to this long and answer as soon as a record arrives: 0 to 20,000 (default 0).',
)
describe(
  offsetsQuery.shape.timestamp,
  'Per partition, the first offset at or after this timestamp (milliseconds since the epoch); without it, the start and end offsets.',
)

component(
  fetchManyBody,
  'FetchMany',
  'From 1 to 100 partitions, each from `offset` (`earliest` by default). `limit` (1 to 10,000, default 1,000) counts records per partition; `maxBytes` (up to 4 MiB, default 1 MiB) the whole answer, shared between the partitions; `waitMs` (0 to 20,000) waits until any partition has a record.',
)

component(
  joinBody,
  'Join',
  'The topics the member consumes; `sessionMs` (1000 to 300000, default 10000): how long the member stays live without another heartbeat.',
)
component(
  leaseBody,
  'LeaseRequest',
  "`leaseMs`: 1000 to 300000 (default 10000). `incarnation` names the taker's process: the member's own lease taken under another incarnation gets a new epoch.",
)
describe(releaseQuery.shape.epoch, 'The epoch the member holds the lease at.')
component(
  heartbeatBody,
  'Heartbeat',
  'Joins or heartbeats the member and renews every lease it owns in one write. `sessionMs`, `leaseMs`: 1000 to 300000 (default 10000). `leases` (at most 1024): what the member believes it holds.',
)
component(
  commitBody,
  'Commit',
  "At most 99 partitions, each named once; all or nothing. With an `epoch` (which needs `memberId`), the commit holds only while that member's lease of that epoch is live; without one, only while no live lease covers the partition.",
)
describe(groupOffsetsQuery.shape.topic, 'Only this topic (403 if the key may not consume it).')
component(
  resetBody,
  'Reset',
  'Exactly one of: `to` (`earliest` or `latest`), `timestamp` (the first offset at or after it), or `offsets` per partition.',
)
component(
  transactionBody,
  'Transaction',
  "Produce to topics and commit a group's offsets, all or nothing: at most 50 partitions in all (produced to plus committed). `produce` may be empty when there is a `commit`. The commit must move each offset forward (409 ALREADY_COMMITTED otherwise).",
)

component(
  grant,
  'Grant',
  '`resource`: `topic:<glob>`, `group:<glob>` or `cluster`; `*` in a glob matches any run of characters.',
)
component(
  createKeyBody,
  'CreateKey',
  'A new key holding `grants`: never more than the key that creates it holds.',
)

component(
  webhook,
  'WebhookTarget',
  '`url`: https to a host whose every address is public (the local server also takes http and https on 127.0.0.1, localhost and [::1]); checked when set and again at each delivery. `secret` (1 to 1024 characters) signs each delivery; it is never answered back.',
)
component(
  changedWebhook,
  'ChangedWebhookTarget',
  'A webhook target as a change gives it: without `secret`, the secret already set is kept.',
)
component(
  lambda,
  'LambdaTarget',
  "A Lambda function of the stack's account, invoked synchronously with each delivery. Only a deployed stack delivers to one, and only to functions its construct's `grantDelivery(fn)` let it invoke; the local server refuses it (400).",
)
component(
  batch,
  'Batch',
  '`maxRecords`: 1 to 10,000 (default 100); `maxBytes`: 1 to 4 MiB (default 1 MiB); `maxWaitMs`: 0 to 300,000 (default 0: deliver at once; else wait up to that long for a batch to fill).',
)
component(
  retry,
  'Retry',
  '`maxAttempts`: 1 to 1000, or -1 for forever (default 10); `minBackoffMs` and `maxBackoffMs`: 1 to 3,600,000 (defaults 1000 and 300000), `minBackoffMs` at most `maxBackoffMs`. A failed batch is tried again after an exponential backoff with jitter between them; after `maxAttempts`, it is split in halves until the failing record is alone.',
)
component(
  startAt,
  'StartAt',
  '`earliest`, `latest` (the default) or the first record at or after a timestamp; resolved when the subscription is created: a record produced after the 201 is delivered.',
)
component(
  createSubscriptionBody,
  'CreateSubscription',
  "A new subscription. `group` defaults to `name`, and must be no other subscription's and have no live leases. `deadLetterTopic` must exist (404) and differ from `topic`. `delivery` defaults to `at-least-once`. Admin on `topic` and on the group; produce on `deadLetterTopic`.",
)
component(
  alterSubscriptionBody,
  'AlterSubscription',
  "What to change; fields not given keep their value, and `batch` and `retry` change only the fields they give. `paused: true` stops new deliveries (one in flight finishes); `false` resumes from the committed offsets. Any `retry` given unblocks a blocked partition. `deadLetterTopic: null` removes it. Admin on the subscription's topic and group; produce on a `deadLetterTopic` set.",
)
