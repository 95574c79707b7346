import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb'
import {
  cancellationReasons,
  isConditionalCheckFailed,
  storageCall,
  translateStorageError,
} from './errors.js'
import type { TransactItem } from './log-index.js'

/**
 * Consumer-group state in the single table. Every group's items share one partition key, so one
 * Query reads a whole group:
 * - `g#<group>` / `m#<memberId>`: a member and when its session ends;
 * - `g#<group>` / `p#<topic>#<partition>`: the partition's lease (owner, epoch, expiry) and committed
 *   offset in ONE item, so that a commit is fenced by a single conditional write on its own item;
 * - `groups` / `<group>`: the registry that lists groups and the topics each has touched.
 * Names cannot contain '#', so these keys never collide with each other or with the log's keys.
 */
const groupKey = (group: string) => `g#${group}`
const memberKey = (memberId: string) => `m#${memberId}`
const partitionKeyOf = (topic: string, partition: number) => `p#${topic}#${partition}`
const REGISTRY_PK = 'groups'

export interface MemberState {
  memberId: string
  topics: string[]
  expiresAt: number
}

/** A (group, topic, partition): the lease, if it ever had one, and the committed offset, if any. */
export interface PartitionState {
  topic: string
  partition: number
  /** The last owner; the lease is live only while `leaseExpiresAt` is in the future. */
  owner?: string
  /** Raised on every change of owner; 0 before the first lease. */
  epoch: number
  leaseExpiresAt?: number
  offset?: number
  /** The topic incarnation the offset was committed for: a re-created topic does not inherit it. */
  offsetTopicId?: string
}

export interface GroupSnapshot {
  members: MemberState[]
  partitions: PartitionState[]
}

export const isLeaseLive = (p: PartitionState, now: number): boolean =>
  p.owner !== undefined && (p.leaseExpiresAt ?? 0) > now

/** How a commit is fenced: by the committing member's live lease of that epoch, or by there being none. */
export type CommitFence = { memberId: string; epoch: number } | 'no-live-lease'

export interface OffsetWrite {
  topic: string
  topicId: string
  partition: number
  offset: number
  fence: CommitFence
}

/** A guarded group write lost: `index` is the first item (in request order) whose condition failed. */
export class GroupConditionError extends Error {
  constructor(readonly index: number) {
    super('a group condition failed')
    this.name = 'GroupConditionError'
  }
}

export interface LeaseOutcome {
  acquired: boolean
  /** The lease as it now is: this member's when acquired, else the live holder's. */
  state: PartitionState
}

type Item = Record<string, unknown>

function partitionFromItem(item: Item): PartitionState {
  const state: PartitionState = {
    topic: item.topic as string,
    partition: item.partition as number,
    epoch: (item.epoch as number | undefined) ?? 0,
  }
  if (typeof item.owner === 'string') state.owner = item.owner
  if (typeof item.leaseExpiresAt === 'number') state.leaseExpiresAt = item.leaseExpiresAt
  if (typeof item.offset === 'number') state.offset = item.offset
  if (typeof item.topicId === 'string') state.offsetTopicId = item.topicId
  return state
}

const memberFromItem = (item: Item): MemberState => ({
  memberId: item.memberId as string,
  topics: item.topics as string[],
  expiresAt: item.expiresAt as number,
})

export class GroupStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  /** Adds the group to the registry (idempotent) with these topics. */
  async register(group: string, topics: readonly string[]): Promise<void> {
    await storageCall('group register', () =>
      this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: REGISTRY_PK, sk: group },
          UpdateExpression: topics.length > 0 ? 'ADD topics :t' : 'SET registered = :r',
          ExpressionAttributeValues: topics.length > 0 ? { ':t': new Set(topics) } : { ':r': true },
        }),
      ),
    )
  }

  /** The registry entry: the topics the group has touched, or undefined for an unknown group. */
  async registered(group: string): Promise<string[] | undefined> {
    const out = await storageCall('group read', () =>
      this.doc.send(
        new GetCommand({ TableName: this.table, Key: { pk: REGISTRY_PK, sk: group }, ConsistentRead: true }),
      ),
    )
    if (!out.Item) return undefined
    return [...((out.Item.topics as Set<string> | undefined) ?? [])].sort()
  }

  async list(): Promise<{ group: string; topics: string[] }[]> {
    const groups: { group: string; topics: string[] }[] = []
    let startKey: Item | undefined
    do {
      const page = await storageCall('group list', () =>
        this.doc.send(
          new QueryCommand({
            TableName: this.table,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': REGISTRY_PK },
            ExclusiveStartKey: startKey,
          }),
        ),
      )
      for (const item of page.Items ?? []) {
        groups.push({
          group: item.sk as string,
          topics: [...((item.topics as Set<string> | undefined) ?? [])].sort(),
        })
      }
      startKey = page.LastEvaluatedKey
    } while (startKey)
    return groups
  }

  /** Joins or heartbeats; answers the member's previous state, if it had one. */
  async putMember(group: string, member: MemberState): Promise<MemberState | undefined> {
    const out = await storageCall('member write', () =>
      this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            pk: groupKey(group),
            sk: memberKey(member.memberId),
            memberId: member.memberId,
            topics: member.topics,
            expiresAt: member.expiresAt,
            // TTL only tidies up; liveness is always judged by `expiresAt`. A day's grace keeps the item
            // readable for describe while a member is merely late.
            ttl: Math.ceil(member.expiresAt / 1000) + 86_400,
          },
          ReturnValues: 'ALL_OLD',
        }),
      ),
    )
    return out.Attributes ? memberFromItem(out.Attributes) : undefined
  }

  async member(group: string, memberId: string): Promise<MemberState | undefined> {
    const out = await storageCall('member read', () =>
      this.doc.send(
        new GetCommand({
          TableName: this.table,
          Key: { pk: groupKey(group), sk: memberKey(memberId) },
          ConsistentRead: true,
        }),
      ),
    )
    return out.Item ? memberFromItem(out.Item) : undefined
  }

  async removeMember(group: string, memberId: string): Promise<void> {
    await storageCall('member delete', () =>
      this.doc.send(
        new DeleteCommand({ TableName: this.table, Key: { pk: groupKey(group), sk: memberKey(memberId) } }),
      ),
    )
  }

  /** Every member and partition item of the group (or only its members), read consistently. */
  async snapshot(group: string, only?: 'members'): Promise<GroupSnapshot> {
    const snapshot: GroupSnapshot = { members: [], partitions: [] }
    let startKey: Item | undefined
    do {
      const page = await storageCall('group read', () =>
        this.doc.send(
          new QueryCommand({
            TableName: this.table,
            KeyConditionExpression: only ? 'pk = :pk AND begins_with(sk, :m)' : 'pk = :pk',
            ExpressionAttributeValues: only
              ? { ':pk': groupKey(group), ':m': 'm#' }
              : { ':pk': groupKey(group) },
            ConsistentRead: true,
            ExclusiveStartKey: startKey,
          }),
        ),
      )
      for (const item of page.Items ?? []) {
        const sk = item.sk as string
        if (sk.startsWith('m#')) snapshot.members.push(memberFromItem(item))
        else if (sk.startsWith('p#')) snapshot.partitions.push(partitionFromItem(item))
      }
      startKey = page.LastEvaluatedKey
    } while (startKey)
    return snapshot
  }

  async partition(group: string, topic: string, partition: number): Promise<PartitionState | undefined> {
    const out = await storageCall('lease read', () =>
      this.doc.send(
        new GetCommand({
          TableName: this.table,
          Key: { pk: groupKey(group), sk: partitionKeyOf(topic, partition) },
          ConsistentRead: true,
        }),
      ),
    )
    return out.Item ? partitionFromItem(out.Item) : undefined
  }

  /**
   * Takes a free or expired lease, raising the epoch (`ADD`, so two takers can never both see the
   * same one), or renews this member's own lease keeping the epoch. Each write is conditional on what
   * the lease looks like at that moment, so of any number of racers exactly one takes it.
   */
  async acquireLease(
    group: string,
    topic: string,
    partition: number,
    memberId: string,
    expiresAt: number,
    now: number,
  ): Promise<LeaseOutcome> {
    // A lost race re-reads and decides again; three rounds are plenty, after that report the holder.
    let current = await this.partition(group, topic, partition)
    for (let round = 0; round < 3; round++) {
      const live = current !== undefined && isLeaseLive(current, now)
      if (live && current?.owner !== memberId) return { acquired: false, state: current as PartitionState }
      const renewing = current?.owner === memberId
      const state = await this.updateLease(group, topic, partition, {
        UpdateExpression: renewing
          ? 'SET leaseExpiresAt = :exp'
          : 'SET #owner = :me, leaseExpiresAt = :exp, topic = :topic, #partition = :partition ADD epoch :one',
        ConditionExpression: renewing
          ? '#owner = :me'
          : 'attribute_not_exists(#owner) OR leaseExpiresAt <= :now',
        ExpressionAttributeNames: renewing
          ? { '#owner': 'owner' }
          : { '#owner': 'owner', '#partition': 'partition' },
        ExpressionAttributeValues: renewing
          ? { ':me': memberId, ':exp': expiresAt }
          : {
              ':me': memberId,
              ':exp': expiresAt,
              ':now': now,
              ':topic': topic,
              ':partition': partition,
              ':one': 1,
            },
      })
      if (state) return { acquired: true, state }
      current = await this.partition(group, topic, partition)
    }
    return { acquired: false, state: current as PartitionState }
  }

  /** Extends this member's lease of this epoch; undefined when it is no longer theirs. */
  renewLease(
    group: string,
    topic: string,
    partition: number,
    memberId: string,
    epoch: number,
    expiresAt: number,
  ) {
    return this.updateLease(group, topic, partition, {
      UpdateExpression: 'SET leaseExpiresAt = :exp',
      ConditionExpression: '#owner = :me AND epoch = :epoch',
      ExpressionAttributeNames: { '#owner': 'owner' },
      ExpressionAttributeValues: { ':me': memberId, ':epoch': epoch, ':exp': expiresAt },
    })
  }

  /** Gives the lease up (the epoch stays, so the next owner's is higher); false when it was not theirs. */
  async releaseLease(group: string, topic: string, partition: number, memberId: string, epoch: number) {
    const state = await this.updateLease(group, topic, partition, {
      UpdateExpression: 'REMOVE #owner, leaseExpiresAt',
      ConditionExpression: '#owner = :me AND epoch = :epoch',
      ExpressionAttributeNames: { '#owner': 'owner' },
      ExpressionAttributeValues: { ':me': memberId, ':epoch': epoch },
    })
    return state !== undefined
  }

  /**
   * The conditional write of one committed offset, as a transaction item (it is also sent alone).
   * Fenced by a lease: holds only while that member's lease of that epoch is live. Unfenced: holds
   * only while no live lease covers the partition, and clears an expired lease's owner, so that the
   * old owner cannot renew it and carry on from a position this write replaced.
   */
  commitItem(group: string, write: OffsetWrite, now: number): TransactItem {
    const fenced = write.fence !== 'no-live-lease'
    const values: Item = {
      ':offset': write.offset,
      ':topicId': write.topicId,
      ':topic': write.topic,
      ':partition': write.partition,
      ':now': now,
    }
    if (write.fence !== 'no-live-lease') {
      values[':me'] = write.fence.memberId
      values[':epoch'] = write.fence.epoch
    }
    return {
      Update: {
        TableName: this.table,
        Key: { pk: groupKey(group), sk: partitionKeyOf(write.topic, write.partition) },
        UpdateExpression: `SET #offset = :offset, topicId = :topicId, topic = :topic, #partition = :partition${
          fenced ? '' : ' REMOVE #owner, leaseExpiresAt'
        }`,
        ConditionExpression: fenced
          ? '#owner = :me AND epoch = :epoch AND leaseExpiresAt > :now'
          : 'attribute_not_exists(#owner) OR leaseExpiresAt <= :now',
        ExpressionAttributeNames: { '#offset': 'offset', '#owner': 'owner', '#partition': 'partition' },
        ExpressionAttributeValues: values,
      },
    }
  }

  /**
   * Writes offsets all or nothing (one conditional write, or one transaction of at most 100).
   * Throws GroupConditionError naming the first write whose fence did not hold.
   */
  async commitOffsets(group: string, writes: readonly OffsetWrite[], now: number): Promise<void> {
    const items = writes.map((w) => this.commitItem(group, w, now))
    if (items.length === 1) {
      const update = (items[0] as TransactItem).Update as NonNullable<TransactItem['Update']>
      try {
        await this.doc.send(new UpdateCommand(update))
      } catch (err) {
        if (isConditionalCheckFailed(err)) throw new GroupConditionError(0)
        throw translateStorageError(err, 'offset commit')
      }
      return
    }
    try {
      await this.doc.send(new TransactWriteCommand({ TransactItems: items }))
    } catch (err) {
      const failedAt = cancellationReasons(err)?.indexOf('ConditionalCheckFailed') ?? -1
      if (failedAt >= 0) throw new GroupConditionError(failedAt)
      throw translateStorageError(err, 'offset commit')
    }
  }

  /** Deletes a partition item unless a lease on it is live; false when one is. */
  async deletePartition(group: string, topic: string, partition: number, now: number): Promise<boolean> {
    try {
      await this.doc.send(
        new DeleteCommand({
          TableName: this.table,
          Key: { pk: groupKey(group), sk: partitionKeyOf(topic, partition) },
          ConditionExpression: 'attribute_not_exists(#owner) OR leaseExpiresAt <= :now',
          ExpressionAttributeNames: { '#owner': 'owner' },
          ExpressionAttributeValues: { ':now': now },
        }),
      )
      return true
    } catch (err) {
      if (isConditionalCheckFailed(err)) return false
      throw translateStorageError(err, 'group delete')
    }
  }

  async unregister(group: string): Promise<void> {
    await storageCall('group delete', () =>
      this.doc.send(new DeleteCommand({ TableName: this.table, Key: { pk: REGISTRY_PK, sk: group } })),
    )
  }

  private async updateLease(
    group: string,
    topic: string,
    partition: number,
    update: {
      UpdateExpression: string
      ConditionExpression: string
      ExpressionAttributeNames: Record<string, string>
      ExpressionAttributeValues: Item
    },
  ): Promise<PartitionState | undefined> {
    try {
      const out = await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: groupKey(group), sk: partitionKeyOf(topic, partition) },
          ...update,
          ReturnValues: 'ALL_NEW',
        }),
      )
      return out.Attributes ? partitionFromItem(out.Attributes) : undefined
    } catch (err) {
      if (isConditionalCheckFailed(err)) return undefined
      throw translateStorageError(err, 'lease write')
    }
  }
}
