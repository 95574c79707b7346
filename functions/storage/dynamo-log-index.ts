import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import {
  BatchGetCommand,
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb'
import { unmarshall } from '@aws-sdk/util-dynamodb'
import {
  cancellationReasons,
  isConditionalCheckFailed,
  storageCall,
  translateStorageError,
} from './errors.js'
import { type Hedge, hedged } from './hedged.js'
import {
  EntryConflictError,
  type EntryWrite,
  type IndexEntry,
  type LogIndex,
  type PartitionHead,
  PartitionHeadMissingError,
  type PartitionRef,
  type ReserveOptions,
  skipMarker,
  type TransactItem,
} from './log-index.js'
import {
  entryFromItem,
  entryItem,
  entryKey,
  entrySk,
  FIRST_ENTRY_SK,
  HEAD_SK,
  headFromItem,
  headKey,
  LAST_ENTRY_SK,
  newHeadItem,
  partitionPk,
  RESERVATION_BASE,
  RESERVATION_TOKEN,
  retiredHeadItem,
  segmentKeyOfItem,
  WRITER_TOKEN,
} from './table-schema.js'

type Item = Record<string, unknown>

/** Stub puts of one gap fill in flight at once. */
const GAP_FILL_CONCURRENCY = 32
/** Items per page when looking back past stubs. */
const MAX_STUB_PAGE = 100

/** Runs `task` over `items`, at most `limit` at a time; rejects with the first failure. */
async function forEachLimited<T>(items: readonly T[], limit: number, task: (item: T) => Promise<unknown>) {
  let next = 0
  const worker = async () => {
    while (next < items.length) await task(items[next++] as T)
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
}

/** Which index writes are hedged. Both are on a small produce's path, one after the other. */
export interface IndexHedges {
  /**
   * Inline entry puts. Entries that point into a segment are not: their produce has already waited
   * for an S3 PUT, beside which a few ms of the entry's tail matter little.
   */
  entryPut?: Hedge | undefined
  /** Reservations on a partition's head. */
  reservation?: Hedge | undefined
}

export class DynamoLogIndex implements LogIndex {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly hedges: IndexHedges = {},
  ) {}

  /**
   * Reserves with a token of this reservation, so that a copy of its request (the AWS SDK's retry of
   * one whose answer was lost, or a hedge) that lands right after it reserves nothing: the head still
   * names the token, the condition fails, and the head's old image says which offsets the first copy
   * got. A copy that lands after another writer's reservation reserves a second range; the hedge sees
   * its answer and skips that range at once, so readers do not wait out the hole timeout for offsets
   * nobody will write.
   */
  async reserve(p: PartitionRef, count: number, now: number, options: ReserveOptions = {}): Promise<number> {
    const token = crypto.randomUUID()
    const send = (abortSignal?: AbortSignal) => this.reserveOnce(p, count, now, token, abortSignal)
    const hedge = this.hedges.reservation
    if (!hedge || !options.hedge) return send()
    return hedged(send, hedge, (late, winner) => {
      // A failed skip leaves the hole to readers, as a crashed writer's would be.
      if (late !== winner) this.fillHole(p, late, count, now, options.expiresAt).catch(() => undefined)
    })
  }

  private async reserveOnce(
    p: PartitionRef,
    count: number,
    now: number,
    token: string,
    abortSignal?: AbortSignal,
  ): Promise<number> {
    try {
      const out = await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: headKey(p),
          UpdateExpression: 'ADD #next :n SET reservedAt = :now, #rt = :token, #rb = #next',
          ConditionExpression:
            'attribute_exists(pk) AND attribute_not_exists(retired) AND (attribute_not_exists(#rt) OR #rt <> :token)',
          ExpressionAttributeNames: { '#next': 'next', '#rt': RESERVATION_TOKEN, '#rb': RESERVATION_BASE },
          ExpressionAttributeValues: { ':n': count, ':now': now, ':token': token },
          ReturnValues: 'UPDATED_NEW',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
        abortSignal ? { abortSignal } : {},
      )
      return (out.Attributes?.next as number) - count
    } catch (err) {
      if (!isConditionalCheckFailed(err)) throw translateStorageError(err, 'reserve')
      // The image is in DynamoDB's wire format: the document client does not translate errors.
      const old = (err as { Item?: Record<string, AttributeValue> }).Item
      const head = old ? unmarshall(old) : undefined
      if (head?.[RESERVATION_TOKEN] === token) return head[RESERVATION_BASE] as number
      throw new PartitionHeadMissingError(p)
    }
  }

  async createHead(p: PartitionRef, now: number): Promise<void> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: newHeadItem(p, now),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      )
    } catch (err) {
      // Another writer created it first: exactly what was wanted.
      if (!isConditionalCheckFailed(err)) throw translateStorageError(err, 'head create')
    }
  }

  async retireHeads(partitions: readonly PartitionRef[], expiresAt: number): Promise<void> {
    // Unconditional: a head created a moment ago by a writer with stale metadata is retired too.
    await this.writeBatch(partitions.map((p) => ({ PutRequest: { Item: retiredHeadItem(p, expiresAt) } })))
  }

  async writeEntries(writes: readonly EntryWrite[], extra: readonly TransactItem[] = []): Promise<void> {
    const condition = 'attribute_not_exists(sk)'
    if (extra.length === 0) {
      const results = await Promise.allSettled(writes.map((w) => this.putEntry(w)))
      const failed = results.find((r) => r.status === 'rejected')
      if (!failed) return
      if (isConditionalCheckFailed(failed.reason))
        throw new EntryConflictError('an entry slot was already filled')
      throw translateStorageError(failed.reason, 'index write')
    }
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            ...writes.map((w) => ({
              Put: {
                TableName: this.table,
                Item: entryItem(w.partition, { ...w.entry, writer: w.writer }),
                ConditionExpression: condition,
              },
            })),
            ...extra,
          ],
        }),
      )
    } catch (err) {
      const reasons = cancellationReasons(err)
      if (!reasons) throw translateStorageError(err, 'index transaction')
      const failedAt = reasons.indexOf('ConditionalCheckFailed')
      if (failedAt < 0) throw translateStorageError(err, 'index transaction')
      throw new EntryConflictError(
        'a transaction condition failed',
        failedAt >= writes.length ? failedAt - writes.length : undefined,
      )
    }
  }

  /**
   * Puts one entry into its empty slot, hedged if so configured and inline. The writer's token makes
   * the put idempotent: a second copy finds its own entry there and succeeds, while a slot a reader
   * filled with a skip marker (no token) still refuses both.
   */
  private putEntry(w: EntryWrite) {
    const send = (abortSignal?: AbortSignal) =>
      this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: entryItem(w.partition, { ...w.entry, writer: w.writer }),
          ConditionExpression: `attribute_not_exists(sk) OR ${WRITER_TOKEN} = :token`,
          ExpressionAttributeValues: { ':token': w.writer },
        }),
        abortSignal ? { abortSignal } : {},
      )
    const hedge = this.hedges.entryPut
    return hedge && w.entry.segment === undefined ? hedged(send, hedge) : send()
  }

  async fillHole(p: PartitionRef, base: number, count: number, now: number, expiresAt?: number) {
    return this.putMarker(p, skipMarker(base, count, now, expiresAt), 'hole fill')
  }

  async fillGap(p: PartitionRef, from: number, end: number, now: number, expiresAt?: number) {
    // Every slot first: a consolidated marker over slots not all held would let a late entry land
    // inside it, where a reader that starts at that entry would never see the marker.
    const slots = Array.from({ length: end - from }, (_, i) => from + i)
    await forEachLimited(slots, GAP_FILL_CONCURRENCY, (slot) =>
      this.putMarker(p, { ...skipMarker(slot, 1, now, expiresAt), stub: true }, 'gap fill'),
    )
    // Now every slot of the gap is held, so what lies there is final: each run of stubs outside the
    // entries that landed first becomes one marker (any reader computes the same runs).
    const items = await this.allEntries(p, from, end)
    let coveredTo = from
    let run: { start: number; end: number } | undefined
    const runs: { start: number; end: number }[] = []
    for (const item of items) {
      if (item.base < coveredTo) continue
      if (item.stub) {
        if (run && run.end === item.base) {
          run.end++
        } else {
          run = { start: item.base, end: item.base + 1 }
          runs.push(run)
        }
        continue
      }
      run = undefined
      coveredTo = item.base + item.count
    }
    await Promise.all(runs.filter((r) => r.end - r.start > 1).map((r) => this.consolidate(p, r.start, r.end)))
  }

  /** Puts a skip marker into its slot unless the slot is held; whether it did. */
  private async putMarker(p: PartitionRef, marker: IndexEntry, what: string): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: entryItem(p, marker),
          ConditionExpression: 'attribute_not_exists(sk)',
        }),
      )
      return true
    } catch (err) {
      if (isConditionalCheckFailed(err)) return false
      throw translateStorageError(err, what)
    }
  }

  /** Makes the stub at `start` a marker over the run `[start, end)`, whose every slot holds a stub. */
  private async consolidate(p: PartitionRef, start: number, end: number) {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: entryKey(p, start),
          UpdateExpression: 'SET #count = :count REMOVE stub',
          ConditionExpression: 'stub = :true',
          ExpressionAttributeNames: { '#count': 'count' },
          ExpressionAttributeValues: { ':count': end - start, ':true': true },
        }),
      )
    } catch (err) {
      // Another reader made the same marker first.
      if (!isConditionalCheckFailed(err)) throw translateStorageError(err, 'gap fill')
    }
  }

  /** Every entry with a base in `[from, end)`, ascending. */
  private async allEntries(p: PartitionRef, from: number, end: number): Promise<IndexEntry[]> {
    const entries: IndexEntry[] = []
    const query = {
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :last',
      ExpressionAttributeValues: {
        ':pk': partitionPk(p),
        ':from': entrySk(from),
        ':last': entrySk(end - 1),
      },
      ConsistentRead: true,
    }
    for await (const items of this.pages('index read', query)) entries.push(...items.map(entryFromItem))
    return entries
  }

  /** The pages of a query of the table, each as DynamoDB returns it. */
  private async *pages(what: string, query: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>) {
    let startKey: Item | undefined
    do {
      const page = await storageCall(what, () =>
        this.doc.send(new QueryCommand({ TableName: this.table, ...query, ExclusiveStartKey: startKey })),
      )
      yield page.Items ?? []
      startKey = page.LastEvaluatedKey
    } while (startKey)
  }

  async entryAt(p: PartitionRef, base: number): Promise<IndexEntry | undefined> {
    const out = await storageCall('index read', () =>
      this.doc.send(
        new GetCommand({
          TableName: this.table,
          Key: entryKey(p, base),
          ConsistentRead: true,
        }),
      ),
    )
    return out.Item ? entryFromItem(out.Item) : undefined
  }

  async head(p: PartitionRef): Promise<PartitionHead> {
    const out = await storageCall('head read', () =>
      this.doc.send(
        new GetCommand({
          TableName: this.table,
          Key: headKey(p),
          ConsistentRead: true,
        }),
      ),
    )
    return headFromItem(out.Item)
  }

  async heads(partitions: readonly PartitionRef[]): Promise<PartitionHead[]> {
    const keys = [...new Set(partitions.map(partitionPk))]
    const found = new Map<string, Item>()
    // BatchGetItem takes 100 keys; eventually consistent reads cost half a unit per small item.
    for (let i = 0; i < keys.length; i += 100) {
      let pending: Item[] = keys.slice(i, i + 100).map((pk) => ({ pk, sk: HEAD_SK }))
      while (pending.length > 0) {
        const out = await storageCall('head read', () =>
          this.doc.send(new BatchGetCommand({ RequestItems: { [this.table]: { Keys: pending } } })),
        )
        for (const item of out.Responses?.[this.table] ?? []) found.set(item.pk as string, item)
        pending = (out.UnprocessedKeys?.[this.table]?.Keys ?? []) as Item[]
      }
    }
    return partitions.map((p) => headFromItem(found.get(partitionPk(p))))
  }

  async entriesFrom(p: PartitionRef, from: number, limit: number): Promise<IndexEntry[]> {
    const out = await storageCall('index read', () =>
      this.doc.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :last',
          ExpressionAttributeValues: {
            ':pk': partitionPk(p),
            ':from': entrySk(from),
            ':last': LAST_ENTRY_SK,
          },
          ConsistentRead: true,
          Limit: limit,
        }),
      ),
    )
    return (out.Items ?? []).map(entryFromItem)
  }

  async entryAtOrBefore(p: PartitionRef, offset: number): Promise<IndexEntry | undefined> {
    // Usually the first item is no stub: one item read. Stubs come in runs only where a gap was filled.
    let limit = 1
    let startKey: Item | undefined
    for (;;) {
      const out = await storageCall('index read', () =>
        this.doc.send(
          new QueryCommand({
            TableName: this.table,
            KeyConditionExpression: 'pk = :pk AND sk BETWEEN :first AND :at',
            ExpressionAttributeValues: {
              ':pk': partitionPk(p),
              ':first': FIRST_ENTRY_SK,
              ':at': entrySk(offset),
            },
            ConsistentRead: true,
            ScanIndexForward: false,
            Limit: limit,
            ExclusiveStartKey: startKey,
          }),
        ),
      )
      const found = (out.Items ?? []).map(entryFromItem).find((e) => !e.stub)
      if (found || !out.LastEvaluatedKey) return found
      startKey = out.LastEvaluatedKey
      limit = MAX_STUB_PAGE
    }
  }

  async raiseHints(p: PartitionRef, hints: { start?: number; hw?: number }): Promise<void> {
    const raise = async (name: 'start' | 'hw', value: number) => {
      try {
        await this.doc.send(
          new UpdateCommand({
            TableName: this.table,
            Key: headKey(p),
            UpdateExpression: 'SET #a = :v',
            // Never creates a head: a deleted topic's heads stay deleted, fencing stale writers.
            ConditionExpression:
              'attribute_exists(pk) AND attribute_not_exists(retired) AND (attribute_not_exists(#a) OR #a < :v)',
            ExpressionAttributeNames: { '#a': name },
            ExpressionAttributeValues: { ':v': value },
          }),
        )
      } catch (err) {
        // Another reader raised it at least as far, or the head is gone: nothing to do.
        if (!isConditionalCheckFailed(err)) throw translateStorageError(err, 'hint')
      }
    }
    await Promise.all([
      hints.start === undefined ? undefined : raise('start', hints.start),
      hints.hw === undefined ? undefined : raise('hw', hints.hw),
    ])
  }

  async deletePartition(p: PartitionRef): Promise<string[]> {
    const segments = new Set<string>()
    const query = {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :entries)',
      ExpressionAttributeValues: { ':pk': partitionPk(p), ':entries': FIRST_ENTRY_SK },
      ProjectionExpression: 'pk, sk, seg',
    }
    for await (const items of this.pages('partition delete', query)) {
      for (const item of items) {
        const seg = segmentKeyOfItem(item)
        if (seg) segments.add(seg)
      }
      await this.deleteItems(items.map((i) => ({ pk: i.pk, sk: i.sk })))
    }
    return [...segments]
  }

  private deleteItems(keys: Item[]): Promise<void> {
    return this.writeBatch(keys.map((Key) => ({ DeleteRequest: { Key } })))
  }

  /** BatchWriteItem in slices of 25, until DynamoDB has taken every request. */
  private async writeBatch(all: ({ DeleteRequest: { Key: Item } } | { PutRequest: { Item: Item } })[]) {
    for (let i = 0; i < all.length; i += 25) {
      let requests = all.slice(i, i + 25)
      while (requests.length > 0) {
        const out = await storageCall('partition delete', () =>
          this.doc.send(new BatchWriteCommand({ RequestItems: { [this.table]: requests } })),
        )
        requests = (out.UnprocessedItems?.[this.table] ?? []) as typeof requests
      }
    }
  }
}
