import type { ApiKey } from '../auth/api-key.js'
import type { IdempotencyRecord } from '../engine/idempotency-record.js'
import type { TopicMeta } from '../engine/topic-meta.js'
import type { MemberState, PartitionState } from '../groups/group-state.js'
import type { PartitionProgress, Subscription } from '../subscriptions/types.js'
import type { IndexEntry, PartitionHead, PartitionRef } from './log-index.js'

/**
 * The single table's layout: every store's keys and items, and how an item reads back as what the
 * service works with. The stores write their conditions and update expressions on these attributes.
 *
 * | pk                        | sk                      | item                                       |
 * | ------------------------- | ----------------------- | ------------------------------------------ |
 * | `p#<topicId>#<partition>` | `head`                  | a partition's head: sequencer and hints    |
 * | `p#<topicId>#<partition>` | `e#<base, 16 digits>`   | an index entry or skip marker              |
 * | `topics`                  | `<topic>`               | a topic's metadata                         |
 * | `g#<group>`               | `m#<memberId>`          | a group's member                           |
 * | `g#<group>`               | `p#<topic>#<partition>` | a partition's lease and committed offset   |
 * | `groups`                  | `<group>`               | a group's registry entry                   |
 * | `idem#<scope>`            | `<Idempotency-Key>`     | an idempotency record                      |
 * | `keys`                    | `<keyId>`               | an API key                                 |
 * | `keyhash#<sha256>`        | `key`                   | the same API key, found by its secret      |
 * | `subscriptions`           | `<subscription>`        | a subscription's config                    |
 * | `sub#<subscriptionId>`    | `p#<partition>`         | a partition's delivery progress            |
 *
 * Names cannot contain '#', so no two kinds of key collide. A partition's items share one pk, so one
 * Query walks its entries; a group's do too, so one Query reads the whole group.
 */
type Item = Record<string, unknown>

// The log index: per partition of a topic incarnation, its head and its entries.

export const partitionPk = (p: PartitionRef) => `p#${p.topicId}#${p.partition}`

/** The partition of a table item, if it is a partition's item (head or entry). */
export function partitionOfItem(item: Item): PartitionRef | undefined {
  const match = typeof item.pk === 'string' ? /^p#(.+)#(\d+)$/.exec(item.pk) : null
  return match ? { topicId: match[1] as string, partition: Number(match[2]) } : undefined
}

export const HEAD_SK = 'head'
/** Zero-padded so that the sort key orders entries by offset. */
export const entrySk = (base: number) => `e#${base.toString().padStart(16, '0')}`
/** Every entry's sort key begins with this one and sorts at most as high as the last. */
export const FIRST_ENTRY_SK = 'e#'
export const LAST_ENTRY_SK = `e#${'9'.repeat(16)}`

export const headKey = (p: PartitionRef) => ({ pk: partitionPk(p), sk: HEAD_SK })
export const entryKey = (p: PartitionRef, base: number) => ({ pk: partitionPk(p), sk: entrySk(base) })

/** The attribute of an entry that says which put wrote it (see `DynamoLogIndex.putEntry`). */
export const WRITER_TOKEN = 'wt'
/** The head's attributes naming its last reservation and the first offset it got (see `reserve`). */
export const RESERVATION_TOKEN = 'rt'
export const RESERVATION_BASE = 'rb'

export const newHeadItem = (p: PartitionRef, now: number): Item => ({
  ...headKey(p),
  next: 0,
  start: 0,
  hw: 0,
  reservedAt: now,
})

/** A retired head (see `LogIndex.retireHeads`): TTL removes it after `expiresAt`. */
export const retiredHeadItem = (p: PartitionRef, expiresAt: number): Item => ({
  ...headKey(p),
  retired: true,
  ttl: Math.ceil(expiresAt / 1000),
})

/** A retired head, as its removal from the table shows it. */
export const isRetiredHead = (item: Item) => item.sk === HEAD_SK && item.retired === true

/** A head as read; a partition without one reads as empty. */
export function headFromItem(item: Item = {}): PartitionHead {
  return {
    next: (item.next as number | undefined) ?? 0,
    start: (item.start as number | undefined) ?? 0,
    hw: (item.hw as number | undefined) ?? 0,
    reservedAt: (item.reservedAt as number | undefined) ?? 0,
  }
}

export function entryItem(p: PartitionRef, e: IndexEntry): Item {
  return {
    ...entryKey(p, e.base),
    base: e.base,
    count: e.count,
    minTs: e.minTimestamp,
    maxTs: e.maxTimestamp,
    at: e.appendedAt,
    crc: e.crc,
    ...(e.expiresAt === undefined ? {} : { exp: e.expiresAt, ttl: Math.ceil(e.expiresAt / 1000) }),
    ...(e.skip ? { skip: true } : {}),
    ...(e.stub ? { stub: true } : {}),
    ...(e.writer ? { [WRITER_TOKEN]: e.writer } : {}),
    ...(e.data ? { data: e.data } : {}),
    ...(e.segment ? { seg: e.segment.key, segOff: e.segment.offset, segLen: e.segment.length } : {}),
  }
}

export function entryFromItem(item: Item): IndexEntry {
  const entry: IndexEntry = {
    base: item.base as number,
    count: item.count as number,
    minTimestamp: item.minTs as number,
    maxTimestamp: item.maxTs as number,
    appendedAt: item.at as number,
    crc: item.crc as number,
  }
  if (typeof item.exp === 'number') entry.expiresAt = item.exp
  if (item.skip === true) entry.skip = true
  if (item.stub === true) entry.stub = true
  if (typeof item[WRITER_TOKEN] === 'string') entry.writer = item[WRITER_TOKEN]
  if (item.data instanceof Uint8Array) entry.data = item.data
  if (typeof item.seg === 'string') {
    entry.segment = { key: item.seg, offset: item.segOff as number, length: item.segLen as number }
  }
  return entry
}

/** Segment key of an index item image, for the janitor and topic deletion. */
export const segmentKeyOfItem = (item: Item): string | undefined =>
  typeof item.seg === 'string' ? item.seg : undefined

// The topic catalog: all topics under one pk, so listing is one sorted Query.

export const TOPICS_PK = 'topics'

export const topicKey = (name: string) => ({ pk: TOPICS_PK, sk: name })

export const topicItem = (meta: TopicMeta): Item => ({
  ...topicKey(meta.name),
  topicId: meta.topicId,
  partitions: meta.partitions,
  retentionMs: meta.retentionMs,
  createdAt: meta.createdAt,
})

export const topicFromItem = (item: Item): TopicMeta => ({
  name: item.sk as string,
  topicId: item.topicId as string,
  partitions: item.partitions as number,
  retentionMs: item.retentionMs as number,
  createdAt: item.createdAt as number,
})

// Consumer groups: a group's members and partitions under one pk, and a registry listing the groups.

export const groupPk = (group: string) => `g#${group}`

/** The group whose item this is, if it is a group's item. */
export const groupOfItem = (item: Item): string | undefined =>
  typeof item.pk === 'string' && item.pk.startsWith('g#') ? item.pk.slice(2) : undefined

/** Every member item's sort key begins with it. */
export const MEMBER_SK_PREFIX = 'm#'
const PARTITION_STATE_SK_PREFIX = 'p#'

export const memberKey = (group: string, memberId: string) => ({
  pk: groupPk(group),
  sk: `${MEMBER_SK_PREFIX}${memberId}`,
})

/** The item holding a partition's lease and the group's committed offset on it. */
export const partitionStateKey = (group: string, topic: string, partition: number) => ({
  pk: groupPk(group),
  sk: `${PARTITION_STATE_SK_PREFIX}${topic}#${partition}`,
})

/**
 * On a partition item, when its committed offset was last written with no lease holder (a reset, or a
 * commit without a lease): the next take removes it. The push function's stream filter wakes on it,
 * and only on it, so that a lease holder's own writes (commits, releases) wake nothing.
 */
export const RESET_AT = 'resetAt'

export const isMemberItem = (item: Item) => (item.sk as string).startsWith(MEMBER_SK_PREFIX)
export const isPartitionStateItem = (item: Item) => (item.sk as string).startsWith(PARTITION_STATE_SK_PREFIX)

export function memberFromItem(item: Item): MemberState {
  const member: MemberState = {
    memberId: item.memberId as string,
    // Sorted: a topic added by taking a lease goes to the end.
    topics: [...(item.topics as string[])].sort(),
    expiresAt: item.expiresAt as number,
  }
  if (typeof item.leasesUntil === 'number') member.leasesUntil = item.leasesUntil
  return member
}

export function partitionStateFromItem(item: Item): PartitionState {
  const state: PartitionState = {
    topic: item.topic as string,
    partition: item.partition as number,
    epoch: (item.epoch as number | undefined) ?? 0,
  }
  if (typeof item.owner === 'string') state.owner = item.owner
  if (typeof item.leaseExpiresAt === 'number') state.leaseExpiresAt = item.leaseExpiresAt
  if (typeof item.incarnation === 'string') state.incarnation = item.incarnation
  if (typeof item.leaseTopicId === 'string') state.leaseTopicId = item.leaseTopicId
  if (typeof item.offset === 'number') state.offset = item.offset
  if (typeof item.topicId === 'string') state.offsetTopicId = item.topicId
  if (item.deliveryUnsettled === true) state.deliveryUnsettled = true
  return state
}

export const REGISTRY_PK = 'groups'

export const registryKey = (group: string) => ({ pk: REGISTRY_PK, sk: group })

/** A registry entry: the group and the topics it has touched, sorted. */
export const registryEntryFromItem = (item: Item) => ({
  group: item.sk as string,
  topics: [...((item.topics as Set<string> | undefined) ?? [])].sort(),
})

// Idempotency records: scoped to a topic incarnation (or a group's transactions), so a key reused on a
// topic created again starts fresh.

export const idempotencyKey = (scope: string, key: string) => ({ pk: `idem#${scope}`, sk: key })

export const idempotencyItem = (scope: string, key: string, record: IdempotencyRecord): Item => ({
  ...idempotencyKey(scope, key),
  bodyHash: record.bodyHash,
  response: JSON.stringify(record.response),
  exp: record.expiresAt,
  ttl: Math.ceil(record.expiresAt / 1000),
})

export const idempotencyFromItem = (item: Item): IdempotencyRecord => ({
  bodyHash: item.bodyHash as string,
  response: JSON.parse(item.response as string),
  expiresAt: item.exp as number,
})

// API keys: listed under one pk; a second item per key finds it by its secret's hash.

export const KEYS_PK = 'keys'

export const apiKeyKey = (id: string) => ({ pk: KEYS_PK, sk: id })
export const keyByHashKey = (secretHash: string) => ({ pk: `keyhash#${secretHash}`, sk: 'key' })

export const apiKeyItem = (key: ApiKey, secretHash: string): Item => ({
  ...apiKeyKey(key.id),
  ...key,
  secretHash,
})
export const keyByHashItem = (key: ApiKey, secretHash: string): Item => ({
  ...keyByHashKey(secretHash),
  ...key,
})

/** The hash of the key's secret, which finds its second item. */
export const secretHashOfItem = (item: Item) => item.secretHash as string

export const apiKeyFromItem = (item: Item): ApiKey => ({
  id: item.id as string,
  name: item.name as string,
  grants: item.grants as ApiKey['grants'],
  createdAt: item.createdAt as number,
})

// Subscriptions: all under one pk, so listing them (and the dispatcher's look-up) is one Query; each
// partition's delivery progress under the subscription's incarnation, so one created again under the
// name starts clean.

export const SUBSCRIPTIONS_PK = 'subscriptions'

export const subscriptionKey = (name: string) => ({ pk: SUBSCRIPTIONS_PK, sk: name })

export const isSubscriptionItem = (item: Item) => item.pk === SUBSCRIPTIONS_PK

export const subscriptionItem = (s: Subscription): Item => {
  const { name, deadLetterTopic, ...rest } = s
  return { ...subscriptionKey(name), ...rest, ...(deadLetterTopic ? { deadLetterTopic } : {}) }
}

export function subscriptionFromItem(item: Item): Subscription {
  const sub: Subscription = {
    name: item.sk as string,
    id: item.id as string,
    topic: item.topic as string,
    topicId: item.topicId as string,
    group: item.group as string,
    target: item.target as Subscription['target'],
    batch: item.batch as Subscription['batch'],
    retry: item.retry as Subscription['retry'],
    retryVersion: item.retryVersion as number,
    startAt: item.startAt as Subscription['startAt'],
    delivery: item.delivery as Subscription['delivery'],
    paused: item.paused === true,
    createdAt: item.createdAt as number,
  }
  if (typeof item.deadLetterTopic === 'string') sub.deadLetterTopic = item.deadLetterTopic
  if (Array.isArray(item.actingGrants)) sub.actingGrants = item.actingGrants as Subscription['actingGrants']
  return sub
}

export const progressPk = (subscriptionId: string) => `sub#${subscriptionId}`

export const progressKey = (subscriptionId: string, partition: number) => ({
  pk: progressPk(subscriptionId),
  sk: `p#${partition}`,
})

export const progressItem = (subscriptionId: string, p: PartitionProgress): Item => ({
  ...progressKey(subscriptionId, p.partition),
  ...p,
})

export function progressFromItem(item: Item): PartitionProgress {
  const progress: PartitionProgress = {
    partition: item.partition as number,
    offset: item.offset as number,
    attempts: item.attempts as number,
  }
  if (typeof item.lastError === 'string') progress.lastError = item.lastError
  if (typeof item.nextAttemptAt === 'number') progress.nextAttemptAt = item.nextAttemptAt
  if (typeof item.bisectEnd === 'number') progress.bisectEnd = item.bisectEnd
  if (typeof item.blockedAtRetryVersion === 'number')
    progress.blockedAtRetryVersion = item.blockedAtRetryVersion
  return progress
}
