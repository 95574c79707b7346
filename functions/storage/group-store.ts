import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb'
import type {
  GroupSnapshot,
  LeaseBinding,
  MemberState,
  OffsetWrite,
  PartitionState,
} from '../groups/group-state.js'
import {
  cancellationReasons,
  isConditionalCheckFailed,
  storageCall,
  translateStorageError,
} from './errors.js'
import type { TransactItem } from './log-index.js'
import {
  groupPk,
  isMemberItem,
  isPartitionStateItem,
  MEMBER_SK_PREFIX,
  memberFromItem,
  memberKey,
  partitionStateFromItem,
  partitionStateKey,
  REGISTRY_PK,
  RESET_AT,
  registryEntryFromItem,
  registryKey,
} from './table-schema.js'

/** A guarded group write lost: `index` is the first item (in request order) whose condition failed. */
export class GroupConditionError extends Error {
  constructor(readonly index: number) {
    super('a group condition failed')
    this.name = 'GroupConditionError'
  }
}

/** Commit writes as transaction items: `writeIndex[i]` is the write that item `i` guards. */
export interface CommitItems {
  items: TransactItem[]
  writeIndex: number[]
}

/**
 * How a write to a lease item states the liveness rule (`leaseExpiry`) to DynamoDB: a condition on the
 * lease item as it was read, and, when only the owner's `leasesUntil` can decide, a check of that
 * member item (the write then goes in a transaction with the check).
 */
interface LeaseGuard {
  condition: string
  values: Item
  memberCheck?: { memberId: string; live: boolean }
}

/** Holds only while the lease is not live: free, or the same owner and epoch as read with both expiries past. */
function whileNotLive(state: PartitionState | undefined, now: number): LeaseGuard {
  if (state?.owner === undefined) return { condition: 'attribute_not_exists(#owner)', values: {} }
  const guard: LeaseGuard = {
    condition: '#owner = :holder AND epoch = :holderEpoch AND leaseExpiresAt <= :now',
    values: { ':holder': state.owner, ':holderEpoch': state.epoch, ':now': now },
  }
  // With its own expiry still ahead the condition fails by itself: no member to check.
  if ((state.leaseExpiresAt ?? 0) <= now) guard.memberCheck = { memberId: state.owner, live: false }
  return guard
}

/**
 * Holds only while `memberId`'s lease of `epoch`, taken on topic incarnation `topicId`, is live: by its
 * own expiry if that suffices, else by the member's.
 */
function whileHeld(
  state: PartitionState | undefined,
  fence: { memberId: string; epoch: number },
  topicId: string,
  now: number,
): LeaseGuard {
  const held = '#owner = :me AND epoch = :epoch AND leaseTopicId = :leaseTopicId'
  const values = { ':me': fence.memberId, ':epoch': fence.epoch, ':leaseTopicId': topicId }
  if ((state?.leaseExpiresAt ?? 0) > now) {
    return { condition: `${held} AND leaseExpiresAt > :now`, values: { ...values, ':now': now } }
  }
  return { condition: held, values, memberCheck: { memberId: fence.memberId, live: true } }
}

/**
 * Holds only while the committed offset is the one read (every commit writes it with its topicId):
 * what a takeover answers is then exact.
 */
function offsetAsRead(state: PartitionState | undefined): { condition: string; values: Item } {
  if (state?.offset === undefined) return { condition: 'attribute_not_exists(#offset)', values: {} }
  return {
    condition: '#offset = :readOffset AND topicId = :readTopicId',
    values: { ':readOffset': state.offset, ':readTopicId': state.offsetTopicId },
  }
}

/** Holds only while the write moves the committed offset of its topic incarnation forward. */
const ADVANCES = 'attribute_not_exists(#offset) OR topicId <> :topicId OR #offset < :offset'

/** A write lost to a concurrent one: a failed condition, or a transaction in flight on the same item. */
function lostRace(err: unknown): boolean {
  if (isConditionalCheckFailed(err)) return true
  if (err instanceof Error && err.name === 'TransactionConflictException') return true
  const lost = new Set(['ConditionalCheckFailed', 'TransactionConflict'])
  const reasons = cancellationReasons(err) ?? []
  return (
    reasons.some((r) => lost.has(r ?? '')) &&
    reasons.every((r) => r === undefined || r === 'None' || lost.has(r))
  )
}

type Item = Record<string, unknown>

/**
 * Consumer-group state in the single table (keys and items in the table schema), a group's items
 * under one partition key:
 * - a member: when its session ends, and until when its leases live (`leasesUntil`: the batch
 *   heartbeat renews every lease of the member with this one write);
 * - a partition's lease (owner, epoch, own expiry, and what it is bound to: the owner's incarnation
 *   and the topic's) and committed offset in ONE item, so that a commit is fenced by a conditional
 *   write on its own item (plus, when only the owner's `leasesUntil` keeps the lease live, a check of
 *   the member item). Deleting a group clears these items but keeps their epoch, so that no later
 *   lease is ever handed an epoch again;
 * - the registry entry that lists the group and the topics it has touched.
 */
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
          Key: registryKey(group),
          UpdateExpression: topics.length > 0 ? 'ADD topics :t' : 'SET registered = :r',
          ExpressionAttributeValues: topics.length > 0 ? { ':t': new Set(topics) } : { ':r': true },
        }),
      ),
    )
  }

  /** The registry entry: the topics the group has touched, or undefined for an unknown group. */
  async registered(group: string): Promise<string[] | undefined> {
    const out = await storageCall('group read', () =>
      this.doc.send(new GetCommand({ TableName: this.table, Key: registryKey(group), ConsistentRead: true })),
    )
    if (!out.Item) return undefined
    return registryEntryFromItem(out.Item).topics
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
      groups.push(...(page.Items ?? []).map(registryEntryFromItem))
      startKey = page.LastEvaluatedKey
    } while (startKey)
    return groups
  }

  /**
   * Joins or heartbeats; answers the member's previous state, if it had one. `leasesUntil` is written
   * only when given (by the batch heartbeat): a plain join keeps what the last heartbeat set.
   */
  async putMember(group: string, member: MemberState): Promise<MemberState | undefined> {
    const until = Math.max(member.expiresAt, member.leasesUntil ?? 0)
    const out = await storageCall('member write', () =>
      this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: memberKey(group, member.memberId),
          UpdateExpression: `SET memberId = :id, topics = :topics, expiresAt = :exp, #ttl = :ttl${
            member.leasesUntil === undefined ? '' : ', leasesUntil = :leasesUntil'
          }`,
          ExpressionAttributeNames: { '#ttl': 'ttl' },
          ExpressionAttributeValues: {
            ':id': member.memberId,
            ':topics': member.topics,
            ':exp': member.expiresAt,
            // TTL only tidies up; liveness is always judged by `expiresAt` and `leasesUntil`. A day's
            // grace keeps the item readable for describe while a member is merely late.
            ':ttl': Math.ceil(until / 1000) + 86_400,
            ...(member.leasesUntil === undefined ? {} : { ':leasesUntil': member.leasesUntil }),
          },
          ReturnValues: 'ALL_OLD',
        }),
      ),
    )
    return out.Attributes ? memberFromItem(out.Attributes) : undefined
  }

  /**
   * Adds a topic to a live member's subscription, touching nothing else of it (a heartbeat may be
   * writing its session at the same time); nothing when the topic is there already.
   */
  async subscribeMember(group: string, memberId: string, topic: string): Promise<void> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: memberKey(group, memberId),
          UpdateExpression: 'SET topics = list_append(topics, :topics)',
          ConditionExpression: 'attribute_exists(memberId) AND NOT contains(topics, :topic)',
          ExpressionAttributeValues: { ':topics': [topic], ':topic': topic },
        }),
      )
    } catch (err) {
      if (!isConditionalCheckFailed(err)) throw translateStorageError(err, 'member write')
    }
  }

  async member(group: string, memberId: string): Promise<MemberState | undefined> {
    const out = await storageCall('member read', () =>
      this.doc.send(
        new GetCommand({
          TableName: this.table,
          Key: memberKey(group, memberId),
          ConsistentRead: true,
        }),
      ),
    )
    return out.Item ? memberFromItem(out.Item) : undefined
  }

  async removeMember(group: string, memberId: string): Promise<void> {
    await storageCall('member delete', () =>
      this.doc.send(new DeleteCommand({ TableName: this.table, Key: memberKey(group, memberId) })),
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
              ? { ':pk': groupPk(group), ':m': MEMBER_SK_PREFIX }
              : { ':pk': groupPk(group) },
            ConsistentRead: true,
            ExclusiveStartKey: startKey,
          }),
        ),
      )
      for (const item of page.Items ?? []) {
        if (isMemberItem(item)) snapshot.members.push(memberFromItem(item))
        else if (isPartitionStateItem(item)) snapshot.partitions.push(partitionStateFromItem(item))
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
          Key: partitionStateKey(group, topic, partition),
          ConsistentRead: true,
        }),
      ),
    )
    return out.Item ? partitionStateFromItem(out.Item) : undefined
  }

  /** Renews this member's own lease, keeping its epoch; undefined when the lease moved on meanwhile. */
  renewLease(group: string, current: PartitionState, expiresAt: number): Promise<PartitionState | undefined> {
    return this.updateLease(
      group,
      current.topic,
      current.partition,
      {
        UpdateExpression: 'SET leaseExpiresAt = :exp',
        ConditionExpression: '#owner = :me AND epoch = :epoch',
        ExpressionAttributeNames: { '#owner': 'owner' },
        ExpressionAttributeValues: { ':me': current.owner, ':epoch': current.epoch, ':exp': expiresAt },
      },
      lostRace,
    )
  }

  /**
   * Takes the lease with a new epoch (raised with `ADD`, so two takers can never both see the same one):
   * a free one, an expired one of another member, or this member's own lease held by another
   * incarnation or on another topic incarnation (live or not: the same member's newer process
   * supersedes the old one). Taking over an owned lease is a transaction: the lease and committed
   * offset as read, its own expiry past, and a check that the old owner's `leasesUntil` has passed too.
   * A take ends what a reset marked (`RESET_AT`). A subscription's deliverer (`delivery`) marks the
   * partition unsettled with it; its take on a state read without the mark holds only while there is
   * still none (it decided, on that, that no delivery progress was kept).
   * Undefined when the write lost a race: the caller reads again and decides.
   */
  async takeLease(
    group: string,
    topic: string,
    partition: number,
    current: PartitionState | undefined,
    memberId: string,
    binding: LeaseBinding,
    expiresAt: number,
    now: number,
    { delivery = false } = {},
  ): Promise<PartitionState | undefined> {
    const guard: LeaseGuard =
      current?.owner === memberId
        ? {
            condition: '#owner = :holder AND epoch = :holderEpoch',
            values: { ':holder': memberId, ':holderEpoch': current.epoch },
          }
        : whileNotLive(current, now)
    const sets = [
      '#owner = :me',
      'leaseExpiresAt = :exp',
      'topic = :topic',
      '#partition = :partition',
      'leaseTopicId = :leaseTopicId',
    ]
    const removes = ['#resetAt']
    if (binding.incarnation === undefined) removes.push('incarnation')
    else sets.push('incarnation = :incarnation')
    let condition = guard.condition
    if (delivery) {
      sets.push('deliveryUnsettled = :unsettled')
      if (!current?.deliveryUnsettled)
        condition = `(${condition}) AND attribute_not_exists(deliveryUnsettled)`
    }
    const update = {
      UpdateExpression: `SET ${sets.join(', ')} REMOVE ${removes.join(', ')} ADD epoch :one`,
      ConditionExpression: condition,
      ExpressionAttributeNames: { '#owner': 'owner', '#partition': 'partition', '#resetAt': RESET_AT },
      ExpressionAttributeValues: {
        ...guard.values,
        ':me': memberId,
        ':exp': expiresAt,
        ':topic': topic,
        ':partition': partition,
        ':leaseTopicId': binding.topicId,
        ...(binding.incarnation === undefined ? {} : { ':incarnation': binding.incarnation }),
        ...(delivery ? { ':unsettled': true } : {}),
        ':one': 1,
      },
    }
    // A write meeting a takeover's transaction in flight lost the race too: the caller re-reads.
    if (!guard.memberCheck) return this.updateLease(group, topic, partition, update, lostRace)
    // A transaction cannot answer the item: it is held to the lease and offset as read instead, so
    // the new state is that plus this write.
    const read = offsetAsRead(current)
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            this.memberCheck(group, guard.memberCheck, now),
            {
              Update: {
                TableName: this.table,
                Key: partitionStateKey(group, topic, partition),
                ...update,
                ConditionExpression: `${update.ConditionExpression} AND ${read.condition}`,
                ExpressionAttributeNames: { ...update.ExpressionAttributeNames, '#offset': 'offset' },
                ExpressionAttributeValues: { ...update.ExpressionAttributeValues, ...read.values },
              },
            },
          ],
        }),
      )
    } catch (err) {
      if (lostRace(err)) return undefined
      throw translateStorageError(err, 'lease takeover')
    }
    // Only an owned lease is taken over in a transaction: `current` is the item as it was.
    const { offset, offsetTopicId, epoch } = current as PartitionState
    return {
      topic,
      partition,
      owner: memberId,
      epoch: epoch + 1,
      leaseExpiresAt: expiresAt,
      leaseTopicId: binding.topicId,
      ...(binding.incarnation === undefined ? {} : { incarnation: binding.incarnation }),
      ...(offset === undefined ? {} : { offset, offsetTopicId: offsetTopicId as string }),
      ...(delivery || current?.deliveryUnsettled ? { deliveryUnsettled: true as const } : {}),
    }
  }

  /**
   * Gives the lease up (the epoch stays, so the next owner's is higher); false when it was not theirs.
   * A deliverer that leaves no delivery progress behind `settle`s the partition (removes its mark).
   */
  async releaseLease(
    group: string,
    topic: string,
    partition: number,
    memberId: string,
    epoch: number,
    { settle = false } = {},
  ) {
    const state = await this.updateLease(group, topic, partition, {
      UpdateExpression: `REMOVE #owner, leaseExpiresAt${settle ? ', deliveryUnsettled' : ''}`,
      ConditionExpression: '#owner = :me AND epoch = :epoch',
      ExpressionAttributeNames: { '#owner': 'owner' },
      ExpressionAttributeValues: { ':me': memberId, ':epoch': epoch },
    })
    return state !== undefined
  }

  /**
   * The conditional writes of committed offsets, as transaction items (sent alone when there is one).
   * Fenced by a lease: holds only while that member's lease of that epoch, on that topic incarnation,
   * is live. Unfenced: holds only while no live lease covers the partition, and clears an expired
   * lease's owner, so that the old owner cannot renew it and carry on from a position this write
   * replaced. With `mustAdvance`, each holds only if it moves the committed offset forward. Reads the
   * leases first, to state the rule as conditions on what it read. Throws GroupConditionError when two
   * writes need opposite checks of one member (its lease both live and not): they cannot both hold.
   * An unfenced write marks the item a reset's (`RESET_AT`): the push function wakes on that.
   */
  async commitItems(
    group: string,
    writes: readonly OffsetWrite[],
    now: number,
    { mustAdvance = false } = {},
  ): Promise<CommitItems> {
    const states = await Promise.all(writes.map((w) => this.partition(group, w.topic, w.partition)))
    const items: TransactItem[] = []
    const writeIndex: number[] = []
    const checks = new Map<string, { live: boolean; write: number }>()
    writes.forEach((write, i) => {
      const { item, guard } = this.offsetUpdate(group, write, states[i], now, { mustAdvance })
      items.push(item)
      writeIndex.push(i)
      if (!guard.memberCheck) return
      const seen = checks.get(guard.memberCheck.memberId)
      if (seen && seen.live !== guard.memberCheck.live) throw new GroupConditionError(i)
      if (!seen) checks.set(guard.memberCheck.memberId, { live: guard.memberCheck.live, write: i })
    })
    // One transaction touches an item once: one check per member, however many leases it guards.
    for (const [memberId, { live, write }] of checks) {
      items.push(this.memberCheck(group, { memberId, live }, now))
      writeIndex.push(write)
    }
    return { items, writeIndex }
  }

  /**
   * A lease holder's commit of its partition, guarded as `commitItems` guards a fenced write, but on
   * the lease as the holder knows it (its take or renewal answered it) rather than as read again: only
   * the holder moves its lease's expiry, and the condition states the rule on the item itself. With
   * `release`, the same write gives the lease up (and with `settle`, the partition's delivery mark).
   * False when the lease no longer holds.
   */
  async commitHeld(
    group: string,
    held: PartitionState,
    write: OffsetWrite,
    now: number,
    release?: { settle: boolean },
  ): Promise<boolean> {
    const { item, guard } = this.offsetUpdate(group, write, held, now, { release })
    try {
      await this.writeGuarded(
        guard.memberCheck ? [item, this.memberCheck(group, guard.memberCheck, now)] : [item],
      )
      return true
    } catch (err) {
      if (isConditionalCheckFailed(err) || cancellationReasons(err)?.includes('ConditionalCheckFailed'))
        return false
      throw translateStorageError(err, 'offset commit')
    }
  }

  /**
   * The conditional write of one committed offset: under the lease it is fenced by (as `state` has it),
   * or under none, clearing an expired lease's owner and marking the write a reset (`RESET_AT`).
   */
  private offsetUpdate(
    group: string,
    write: OffsetWrite,
    state: PartitionState | undefined,
    now: number,
    { mustAdvance = false, release }: { mustAdvance?: boolean; release?: { settle: boolean } | undefined },
  ): { item: TransactItem; guard: LeaseGuard } {
    const fenced = write.fence !== 'no-live-lease'
    const guard =
      write.fence === 'no-live-lease'
        ? whileNotLive(state, now)
        : whileHeld(state, write.fence, write.topicId, now)
    const sets = ['#offset = :offset', 'topicId = :topicId', 'topic = :topic', '#partition = :partition']
    const removes: string[] = []
    if (!fenced) sets.push('#resetAt = :now')
    if (!fenced || release) removes.push('#owner', 'leaseExpiresAt')
    if (release?.settle) removes.push('deliveryUnsettled')
    const item: TransactItem = {
      Update: {
        TableName: this.table,
        Key: partitionStateKey(group, write.topic, write.partition),
        UpdateExpression: `SET ${sets.join(', ')}${removes.length > 0 ? ` REMOVE ${removes.join(', ')}` : ''}`,
        ConditionExpression: mustAdvance ? `(${guard.condition}) AND (${ADVANCES})` : guard.condition,
        ExpressionAttributeNames: {
          '#offset': 'offset',
          '#owner': 'owner',
          '#partition': 'partition',
          ...(fenced ? {} : { '#resetAt': RESET_AT }),
        },
        ExpressionAttributeValues: {
          ...guard.values,
          ':offset': write.offset,
          ':topicId': write.topicId,
          ':topic': write.topic,
          ':partition': write.partition,
          ...(fenced ? {} : { ':now': now }),
        },
      },
    }
    return { item, guard }
  }

  /**
   * Writes offsets all or nothing (one conditional write, or one transaction of at most 100 items).
   * Throws GroupConditionError naming the first write whose fence did not hold.
   */
  async commitOffsets(group: string, writes: readonly OffsetWrite[], now: number): Promise<void> {
    const { items, writeIndex } = await this.commitItems(group, writes, now)
    try {
      await this.writeGuarded(items)
    } catch (err) {
      if (isConditionalCheckFailed(err)) throw new GroupConditionError(0)
      const failedAt = cancellationReasons(err)?.indexOf('ConditionalCheckFailed') ?? -1
      if (failedAt >= 0) throw new GroupConditionError(writeIndex[failedAt] as number)
      throw translateStorageError(err, 'offset commit')
    }
  }

  /**
   * Clears a partition item's lease and committed offset unless its lease is live by the rule; false
   * when it is (or it changed since read). The epoch stays: a later lease's is higher than any before.
   */
  async clearPartition(group: string, state: PartitionState, now: number): Promise<boolean> {
    const guard = whileNotLive(state, now)
    const clear: TransactItem = {
      Update: {
        TableName: this.table,
        Key: partitionStateKey(group, state.topic, state.partition),
        UpdateExpression:
          'REMOVE #owner, leaseExpiresAt, incarnation, leaseTopicId, #offset, topicId, #resetAt',
        ConditionExpression: guard.condition,
        ExpressionAttributeNames: { '#owner': 'owner', '#offset': 'offset', '#resetAt': RESET_AT },
        ...(Object.keys(guard.values).length > 0 ? { ExpressionAttributeValues: guard.values } : {}),
      },
    }
    try {
      await this.writeGuarded(
        guard.memberCheck ? [clear, this.memberCheck(group, guard.memberCheck, now)] : [clear],
      )
      return true
    } catch (err) {
      if (lostRace(err)) return false
      throw translateStorageError(err, 'group delete')
    }
  }

  /** One item as a plain conditional write (cheaper), several as one transaction. */
  private async writeGuarded(items: readonly TransactItem[]): Promise<void> {
    const [only] = items
    if (items.length !== 1 || !only) {
      await this.doc.send(new TransactWriteCommand({ TransactItems: [...items] }))
    } else if (only.Update) {
      await this.doc.send(new UpdateCommand(only.Update))
    } else if (only.Delete) {
      await this.doc.send(new DeleteCommand(only.Delete))
    } else {
      await this.doc.send(new TransactWriteCommand({ TransactItems: [only] }))
    }
  }

  /** The member side of the rule: its `leasesUntil` is still ahead (live) or is not (not live). */
  private memberCheck(group: string, check: { memberId: string; live: boolean }, now: number): TransactItem {
    return {
      ConditionCheck: {
        TableName: this.table,
        Key: memberKey(group, check.memberId),
        ConditionExpression: check.live
          ? 'leasesUntil > :now'
          : 'attribute_not_exists(leasesUntil) OR leasesUntil <= :now',
        ExpressionAttributeValues: { ':now': now },
      },
    }
  }

  async unregister(group: string): Promise<void> {
    await storageCall('group delete', () =>
      this.doc.send(new DeleteCommand({ TableName: this.table, Key: registryKey(group) })),
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
    /** Which failures mean the condition lost (undefined); the rest are storage errors. */
    lost: (err: unknown) => boolean = isConditionalCheckFailed,
  ): Promise<PartitionState | undefined> {
    try {
      const out = await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: partitionStateKey(group, topic, partition),
          ...update,
          ReturnValues: 'ALL_NEW',
        }),
      )
      return out.Attributes ? partitionStateFromItem(out.Attributes) : undefined
    } catch (err) {
      if (lost(err)) return undefined
      throw translateStorageError(err, 'lease write')
    }
  }
}
