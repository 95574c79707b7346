// Every operation the app serves, as docs/api.md states it: the one table the OpenAPI document is
// generated from. Request schemas are the very objects the routes parse with.
import * as z from 'zod/mini'
import type { ErrorCode } from '../../errors.js'
import { alterSubscriptionBody, createSubscriptionBody } from '../../subscriptions/schemas.js'
import {
  commitBody,
  fetchManyBody,
  offsetsQuery as groupOffsetsQuery,
  heartbeatBody,
  joinBody,
  leaseBody,
  memberId,
  releaseQuery,
  resetBody,
  transactionBody,
} from '../group-schemas.js'
import { createKeyBody } from '../key-schemas.js'
import { REFERENCE_VERSION_PARAM } from '../reference-asset.js'
import {
  createTopicBody,
  fetchQuery,
  name,
  offsetsQuery,
  partitionParam,
  produceBody,
  updateTopicBody,
} from '../schemas.js'
import * as answer from './answers.js'
import './requests.js'

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete'

/** A successful answer. Without `body` or `media` it has no body (204). */
export interface Success {
  description: string
  /** A JSON body. */
  body?: z.ZodMiniType
  /** A body that is not JSON: its media type. */
  media?: 'text/html' | 'text/javascript'
}

/** A path parameter. */
export interface Param {
  schema: z.ZodMiniType
  description: string
}

export interface Operation {
  method: Method
  /** In OpenAPI's form: `/v1/topics/{topic}`. */
  path: string
  operationId: string
  tag: Tag
  summary: string
  description?: string
  /** One per `{name}` of the path. */
  params?: Record<string, Param>
  query?: z.ZodMiniObject
  body?: z.ZodMiniType
  /** Takes an optional `Idempotency-Key` header; its 503 may leave the outcome unknown. */
  idempotent?: true
  /** Served without an API key. */
  open?: true
  success: Record<number, Success>
  /** The errors it may answer besides those every /v1 operation may (`V1_ERRORS`). */
  errors?: ErrorCode[]
}

/** What every operation that needs an API key may answer, whatever it does. */
export const V1_ERRORS: ErrorCode[] = ['UNAUTHENTICATED', 'THROTTLED', 'UNAVAILABLE', 'INTERNAL']

export const TAGS = {
  Service: 'Health, this contract and its reference page: served without an API key.',
  Topics: 'Create, list, describe, change and delete topics.',
  Records: 'Produce records, fetch them from one partition or several, and find offsets by time.',
  'Consumer groups':
    "A group's progress is one committed offset per topic partition. Partitions are owned through leases; each change of owner raises the lease's `epoch`, a fencing token. A lease is live while its own `expiresAt` or its owner's `leasesUntil` (set by the heartbeat) is in the future.",
  Transactions: 'Exactly-once read-process-write: produce and commit offsets in one all-or-nothing write.',
  Subscriptions:
    "Push delivery: a topic's records delivered to a webhook or a Lambda function, partition by partition in offset order, with no consumer to run. Progress is the committed offsets of the subscription's group. What a target receives and may answer: the `delivery` webhook.",
  'API keys': 'Keys and their grants: managed by cluster admins only.',
} as const
export type Tag = keyof typeof TAGS

const topic: Param = { schema: name, description: 'The topic.' }
const group: Param = { schema: name, description: 'The consumer group.' }
const member: Param = {
  schema: memberId,
  description: 'The member: a name the client picks (the SDK uses a UUID per consumer).',
}
const partition: Param = { schema: partitionParam, description: 'The partition.' }
const subscription: Param = { schema: name, description: 'The subscription.' }

const json = (body: z.ZodMiniType, description: string): Success => ({ body, description })
const noContent: Record<number, Success> = { 204: { description: 'Done; no body.' } }

export const OPERATIONS: Operation[] = [
  {
    method: 'get',
    path: '/health',
    operationId: 'health',
    tag: 'Service',
    summary: 'Health',
    open: true,
    success: { 200: json(answer.health, 'The service is up.') },
  },
  {
    method: 'get',
    path: '/openapi.json',
    operationId: 'openApiDocument',
    tag: 'Service',
    summary: 'This document',
    description:
      'The HTTP contract as an OpenAPI 3.1 document: the same as docs/openapi.json in the repository.',
    open: true,
    success: { 200: json(z.record(z.string(), z.unknown()), 'An OpenAPI 3.1 document.') },
  },
  {
    method: 'get',
    path: '/docs',
    operationId: 'reference',
    tag: 'Service',
    summary: 'API reference page',
    description: 'This document rendered for people. The page loads nothing from outside the service.',
    open: true,
    success: { 200: { media: 'text/html', description: 'An HTML page.' } },
    // Where the renderer's script cannot be read.
    errors: ['INTERNAL'],
  },
  {
    method: 'get',
    path: '/docs/reference.js',
    operationId: 'referenceScript',
    tag: 'Service',
    summary: "The reference page's script",
    description: 'The script that renders the reference page, cached for a year: its URL changes with it.',
    open: true,
    query: z.object({
      [REFERENCE_VERSION_PARAM]: z.optional(z.string()),
    }),
    success: { 200: { media: 'text/javascript', description: 'The renderer (Redoc).' } },
    errors: ['INTERNAL'],
  },

  {
    method: 'post',
    path: '/v1/topics',
    operationId: 'createTopic',
    tag: 'Topics',
    summary: 'Create a topic',
    body: createTopicBody,
    success: { 201: json(answer.topic, 'The topic.') },
    errors: ['INVALID_REQUEST', 'FORBIDDEN', 'TOPIC_EXISTS', 'PAYLOAD_TOO_LARGE'],
  },
  {
    method: 'get',
    path: '/v1/topics',
    operationId: 'listTopics',
    tag: 'Topics',
    summary: 'List topics',
    success: { 200: json(answer.topicList, 'The topics the key has a grant on, sorted by name.') },
  },
  {
    method: 'get',
    path: '/v1/topics/{topic}',
    operationId: 'describeTopic',
    tag: 'Topics',
    summary: 'Describe a topic',
    description: 'The topic with the start and end offset of each partition.',
    params: { topic },
    success: { 200: json(answer.topicDescription, 'The topic and its offsets.') },
    errors: ['INVALID_REQUEST', 'FORBIDDEN', 'TOPIC_NOT_FOUND'],
  },
  {
    method: 'patch',
    path: '/v1/topics/{topic}',
    operationId: 'updateTopic',
    tag: 'Topics',
    summary: 'Change a topic',
    description:
      'Partitions only grow (400 otherwise); a new retention applies to records appended after it.',
    params: { topic },
    body: updateTopicBody,
    success: { 200: json(answer.topic, 'The topic as changed.') },
    errors: ['INVALID_REQUEST', 'FORBIDDEN', 'TOPIC_NOT_FOUND', 'PAYLOAD_TOO_LARGE'],
  },
  {
    method: 'delete',
    path: '/v1/topics/{topic}',
    operationId: 'deleteTopic',
    tag: 'Topics',
    summary: 'Delete a topic',
    description:
      'A topic created again under the same name starts at offset 0 and never shows a record of the old one.',
    params: { topic },
    success: noContent,
    errors: ['INVALID_REQUEST', 'FORBIDDEN', 'TOPIC_NOT_FOUND'],
  },

  {
    method: 'post',
    path: '/v1/topics/{topic}/records',
    operationId: 'produce',
    tag: 'Records',
    summary: 'Produce records',
    description:
      "A 200 means every record is durable (Kafka's acks=all) and readable at its offset. A request refused changes nothing; a 503 changes nothing unless it carries `outcome: unknown`.",
    params: { topic },
    body: produceBody,
    idempotent: true,
    success: { 200: json(answer.produceAnswer, 'Where each record was appended.') },
    errors: [
      'INVALID_REQUEST',
      'FORBIDDEN',
      'TOPIC_NOT_FOUND',
      'RECORD_TOO_LARGE',
      'PAYLOAD_TOO_LARGE',
      'IDEMPOTENCY_KEY_REUSED',
    ],
  },
  {
    method: 'get',
    path: '/v1/topics/{topic}/partitions/{partition}/records',
    operationId: 'fetch',
    tag: 'Records',
    summary: 'Fetch records from a partition',
    description:
      'An offset below `startOffset`, or beyond the last offset handed out, answers 416; one between `endOffset` and the log end answers no records, with `nextOffset` and `endOffset` the offset asked. An answer stays within what a Lambda response holds: it stops before the record that would pass the bound, and `nextOffset` is that record.',
    params: { topic, partition },
    query: fetchQuery,
    success: { 200: json(answer.fetchAnswer, 'The records from the offset asked.') },
    errors: ['INVALID_REQUEST', 'FORBIDDEN', 'TOPIC_NOT_FOUND', 'RECORD_TOO_LARGE', 'OFFSET_OUT_OF_RANGE'],
  },
  {
    method: 'post',
    path: '/v1/fetch',
    operationId: 'fetchMany',
    tag: 'Records',
    summary: 'Fetch several partitions',
    description:
      'An unknown topic (404) or a partition out of range (400) refuses the whole request; a partition whose offset is out of range answers its own error in its place.',
    body: fetchManyBody,
    success: {
      200: json(answer.fetchManyAnswer, 'Per partition, in request order, its records or its error.'),
    },
    errors: ['INVALID_REQUEST', 'FORBIDDEN', 'TOPIC_NOT_FOUND', 'PAYLOAD_TOO_LARGE'],
  },
  {
    method: 'get',
    path: '/v1/topics/{topic}/offsets',
    operationId: 'topicOffsets',
    tag: 'Records',
    summary: 'Find offsets',
    description:
      'Per partition, the first offset at or after `timestamp`; without it, the start and end offsets.',
    params: { topic },
    query: offsetsQuery,
    success: { 200: json(answer.topicOffsets, 'Offsets per partition.') },
    errors: ['INVALID_REQUEST', 'FORBIDDEN', 'TOPIC_NOT_FOUND'],
  },

  {
    method: 'get',
    path: '/v1/groups',
    operationId: 'listGroups',
    tag: 'Consumer groups',
    summary: 'List groups',
    success: { 200: json(answer.groupList, 'The groups the key holds a grant on.') },
  },
  {
    method: 'get',
    path: '/v1/groups/{group}',
    operationId: 'describeGroup',
    tag: 'Consumer groups',
    summary: 'Describe a group',
    description: 'Members, and per partition the committed offset, lag and lease. Any grant on the group.',
    params: { group },
    success: { 200: json(answer.groupDescription, 'The group.') },
    errors: ['INVALID_REQUEST', 'FORBIDDEN', 'GROUP_NOT_FOUND'],
  },
  {
    method: 'delete',
    path: '/v1/groups/{group}',
    operationId: 'deleteGroup',
    tag: 'Consumer groups',
    summary: 'Delete a group',
    description: 'Refused while any lease is live. Admin on the group.',
    params: { group },
    success: noContent,
    errors: ['INVALID_REQUEST', 'FORBIDDEN', 'GROUP_NOT_FOUND', 'GROUP_ACTIVE'],
  },
  {
    method: 'put',
    path: '/v1/groups/{group}/members/{memberId}',
    operationId: 'joinGroup',
    tag: 'Consumer groups',
    summary: 'Join or heartbeat',
    description:
      'Never sets `leasesUntil`: a client that never calls the heartbeat sees each lease live until its own expiry.',
    params: { group, memberId: member },
    body: joinBody,
    success: { 200: json(answer.members, 'The live members.') },
    errors: ['INVALID_REQUEST', 'FORBIDDEN', 'PAYLOAD_TOO_LARGE'],
  },
  {
    method: 'delete',
    path: '/v1/groups/{group}/members/{memberId}',
    operationId: 'leaveGroup',
    tag: 'Consumer groups',
    summary: 'Leave',
    description:
      'Releases every lease the member owns, live or not, so others take them at once; 204 whether or not the member existed.',
    params: { group, memberId: member },
    success: noContent,
    errors: ['INVALID_REQUEST', 'FORBIDDEN'],
  },
  {
    method: 'post',
    path: '/v1/groups/{group}/members/{memberId}/heartbeat',
    operationId: 'heartbeat',
    tag: 'Consumer groups',
    summary: 'Heartbeat and renew every lease',
    description:
      "Sets the member's `leasesUntil` to now + `leaseMs` in one write, releases leases it owns but did not list once their own expiry has passed, and reads the group back: everything a member needs to balance.",
    params: { group, memberId: member },
    body: heartbeatBody,
    success: { 200: json(answer.heartbeatAnswer, 'The group as the member needs it.') },
    errors: ['INVALID_REQUEST', 'FORBIDDEN', 'PAYLOAD_TOO_LARGE'],
  },
  {
    method: 'put',
    path: '/v1/groups/{group}/topics/{topic}/partitions/{partition}/lease',
    operationId: 'takeLease',
    tag: 'Consumer groups',
    summary: 'Take or renew a lease',
    description:
      "Granted when the lease is free, expired or already this member's (a renewal keeps the epoch); a member that has not joined is joined by it.",
    params: { group, topic, partition },
    body: leaseBody,
    success: { 200: json(answer.leaseGrant, 'The lease.') },
    errors: ['INVALID_REQUEST', 'FORBIDDEN', 'TOPIC_NOT_FOUND', 'LEASE_HELD', 'PAYLOAD_TOO_LARGE'],
  },
  {
    method: 'delete',
    path: '/v1/groups/{group}/topics/{topic}/partitions/{partition}/lease',
    operationId: 'releaseLease',
    tag: 'Consumer groups',
    summary: 'Release a lease',
    description: 'Releasing a lease the member does not hold at that epoch is 409 FENCED.',
    params: { group, topic, partition },
    query: releaseQuery,
    success: noContent,
    errors: ['INVALID_REQUEST', 'FORBIDDEN', 'FENCED'],
  },
  {
    method: 'post',
    path: '/v1/groups/{group}/offsets',
    operationId: 'commitOffsets',
    tag: 'Consumer groups',
    summary: 'Commit offsets',
    description:
      "A commit past a partition's end offset is 416 (with `startOffset` and `endOffset`); below `startOffset` is accepted. Consume on the group and on the topic.",
    params: { group },
    body: commitBody,
    success: { 200: json(answer.committedOffsets, 'The offsets committed.') },
    errors: [
      'INVALID_REQUEST',
      'FORBIDDEN',
      'TOPIC_NOT_FOUND',
      'FENCED',
      'OFFSET_OUT_OF_RANGE',
      'PAYLOAD_TOO_LARGE',
    ],
  },
  {
    method: 'get',
    path: '/v1/groups/{group}/offsets',
    operationId: 'groupOffsets',
    tag: 'Consumer groups',
    summary: 'Read committed offsets',
    description: 'Without `topic`, only the topics the key may consume (or admin).',
    params: { group },
    query: groupOffsetsQuery,
    success: { 200: json(answer.committedOffsets, 'The committed offsets.') },
    errors: ['INVALID_REQUEST', 'FORBIDDEN', 'GROUP_NOT_FOUND'],
  },
  {
    method: 'put',
    path: '/v1/groups/{group}/topics/{topic}/offsets',
    operationId: 'resetOffsets',
    tag: 'Consumer groups',
    summary: 'Reset offsets',
    description:
      'Refused while a lease on the topic is live. Creates the group if it does not exist. Admin on the group.',
    params: { group, topic },
    body: resetBody,
    success: { 200: json(answer.committedOffsets, 'The offsets as reset.') },
    errors: [
      'INVALID_REQUEST',
      'FORBIDDEN',
      'TOPIC_NOT_FOUND',
      'GROUP_ACTIVE',
      'OFFSET_OUT_OF_RANGE',
      'PAYLOAD_TOO_LARGE',
    ],
  },

  {
    method: 'post',
    path: '/v1/transactions',
    operationId: 'transaction',
    tag: 'Transactions',
    summary: 'Produce and commit atomically',
    description:
      "All of it happens or none of it: a fenced commit appends nothing. Produce on each produced topic; consume on the commit's group and topic.",
    body: transactionBody,
    idempotent: true,
    success: { 200: json(answer.transactionAnswer, 'Where each record was appended.') },
    errors: [
      'INVALID_REQUEST',
      'FORBIDDEN',
      'TOPIC_NOT_FOUND',
      'FENCED',
      'ALREADY_COMMITTED',
      'RECORD_TOO_LARGE',
      'PAYLOAD_TOO_LARGE',
      'OFFSET_OUT_OF_RANGE',
      'IDEMPOTENCY_KEY_REUSED',
    ],
  },

  {
    method: 'post',
    path: '/v1/subscriptions',
    operationId: 'createSubscription',
    tag: 'Subscriptions',
    summary: 'Create a subscription',
    description:
      "Places the group's committed offsets at `startAt`, then delivers every record from there. 400 for a target this service may not deliver to, a group in use, or a dead-letter topic equal to the topic; 404 for a topic or dead-letter topic that does not exist; 409 GROUP_ACTIVE where a consumer took a lease on the group meanwhile.",
    body: createSubscriptionBody,
    success: { 201: json(answer.subscription, "The subscription; never the webhook's secret.") },
    errors: [
      'INVALID_REQUEST',
      'FORBIDDEN',
      'TOPIC_NOT_FOUND',
      'SUBSCRIPTION_EXISTS',
      'GROUP_ACTIVE',
      'PAYLOAD_TOO_LARGE',
    ],
  },
  {
    method: 'get',
    path: '/v1/subscriptions',
    operationId: 'listSubscriptions',
    tag: 'Subscriptions',
    summary: 'List subscriptions',
    success: {
      200: json(answer.subscriptionList, 'The subscriptions on topics the key may consume, sorted by name.'),
    },
  },
  {
    method: 'get',
    path: '/v1/subscriptions/{name}',
    operationId: 'describeSubscription',
    tag: 'Subscriptions',
    summary: 'Describe a subscription',
    description:
      'The subscription and, per partition, its committed offset, lag and delivery state. Consume (or admin) on its topic.',
    params: { name: subscription },
    success: { 200: json(answer.subscriptionDescription, 'The subscription and its partitions.') },
    errors: ['INVALID_REQUEST', 'FORBIDDEN', 'SUBSCRIPTION_NOT_FOUND'],
  },
  {
    method: 'patch',
    path: '/v1/subscriptions/{name}',
    operationId: 'alterSubscription',
    tag: 'Subscriptions',
    summary: 'Change, pause or resume a subscription',
    description:
      'Pausing stops new deliveries (one in flight finishes); resuming continues from the committed offsets. Any `retry` given unblocks a blocked partition. A new target is checked as at creation.',
    params: { name: subscription },
    body: alterSubscriptionBody,
    success: { 200: json(answer.subscription, 'The subscription as changed.') },
    errors: [
      'INVALID_REQUEST',
      'FORBIDDEN',
      'SUBSCRIPTION_NOT_FOUND',
      'TOPIC_NOT_FOUND',
      'PAYLOAD_TOO_LARGE',
    ],
  },
  {
    method: 'delete',
    path: '/v1/subscriptions/{name}',
    operationId: 'deleteSubscription',
    tag: 'Subscriptions',
    summary: 'Delete a subscription',
    description:
      'Delivery stops (a batch in flight finishes); the group and its committed offsets stay. Admin on its topic and group.',
    params: { name: subscription },
    success: noContent,
    errors: ['INVALID_REQUEST', 'FORBIDDEN', 'SUBSCRIPTION_NOT_FOUND'],
  },

  {
    method: 'post',
    path: '/v1/keys',
    operationId: 'createKey',
    tag: 'API keys',
    summary: 'Create an API key',
    body: createKeyBody,
    success: { 201: json(answer.createdApiKey, 'The key, with its secret shown this once.') },
    errors: ['INVALID_REQUEST', 'FORBIDDEN', 'PAYLOAD_TOO_LARGE'],
  },
  {
    method: 'get',
    path: '/v1/keys',
    operationId: 'listKeys',
    tag: 'API keys',
    summary: 'List API keys',
    success: { 200: json(answer.apiKeyList, 'The keys, without secrets.') },
    errors: ['FORBIDDEN'],
  },
  {
    method: 'delete',
    path: '/v1/keys/{id}',
    operationId: 'deleteKey',
    tag: 'API keys',
    summary: 'Delete an API key',
    description: 'Refused within 4 seconds on every instance, at once on the instance that deleted it.',
    params: { id: { schema: z.string(), description: "The key's id." } },
    success: noContent,
    errors: ['FORBIDDEN', 'NOT_FOUND'],
  },
]
