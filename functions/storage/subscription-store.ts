import {
  BatchWriteCommand,
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb'
import type { PartitionProgress, Subscription } from '../subscriptions/types.js'
import { isConditionalCheckFailed, storageCall, translateStorageError } from './errors.js'
import {
  progressFromItem,
  progressItem,
  progressKey,
  progressPk,
  SUBSCRIPTIONS_PK,
  subscriptionFromItem,
  subscriptionItem,
  subscriptionKey,
} from './table-schema.js'

type Item = Record<string, unknown>

/** DynamoDB's BatchWriteItem takes at most this many requests. */
const BATCH_WRITE_MAX = 25

/**
 * Subscriptions in the single table (keys in the table schema): each config one item, and per
 * partition a progress item while its delivery is failing, bisecting or blocked.
 */
export class SubscriptionStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  /** Creates the subscription; false when one of that name exists. */
  async create(sub: Subscription): Promise<boolean> {
    return this.putGuarded(subscriptionItem(sub), 'attribute_not_exists(sk)', {}, 'subscription create')
  }

  /** Replaces the config of the same incarnation; false when it was deleted (or created again) meanwhile. */
  async update(sub: Subscription): Promise<boolean> {
    return this.putGuarded(subscriptionItem(sub), 'id = :id', { ':id': sub.id }, 'subscription update')
  }

  async get(name: string): Promise<Subscription | undefined> {
    const out = await storageCall('subscription read', () =>
      this.doc.send(
        new GetCommand({ TableName: this.table, Key: subscriptionKey(name), ConsistentRead: true }),
      ),
    )
    return out.Item ? subscriptionFromItem(out.Item) : undefined
  }

  /** Every subscription, sorted by name (the sort key's order). */
  async list(): Promise<Subscription[]> {
    const items = await this.queryAll(SUBSCRIPTIONS_PK, 'subscription list', true)
    return items.map(subscriptionFromItem)
  }

  /** Deletes it, answering what was deleted; undefined when there was none. */
  async delete(name: string): Promise<Subscription | undefined> {
    const out = await storageCall('subscription delete', () =>
      this.doc.send(
        new DeleteCommand({ TableName: this.table, Key: subscriptionKey(name), ReturnValues: 'ALL_OLD' }),
      ),
    )
    return out.Attributes ? subscriptionFromItem(out.Attributes) : undefined
  }

  async progress(subscriptionId: string, partition: number): Promise<PartitionProgress | undefined> {
    const out = await storageCall('delivery progress read', () =>
      this.doc.send(
        new GetCommand({
          TableName: this.table,
          Key: progressKey(subscriptionId, partition),
          ConsistentRead: true,
        }),
      ),
    )
    return out.Item ? progressFromItem(out.Item) : undefined
  }

  async allProgress(subscriptionId: string): Promise<PartitionProgress[]> {
    const items = await this.queryAll(progressPk(subscriptionId), 'delivery progress read', true)
    return items.map(progressFromItem)
  }

  async putProgress(subscriptionId: string, progress: PartitionProgress): Promise<void> {
    await storageCall('delivery progress write', () =>
      this.doc.send(new PutCommand({ TableName: this.table, Item: progressItem(subscriptionId, progress) })),
    )
  }

  /** A partition delivering fine again keeps no progress item. */
  async clearProgress(subscriptionId: string, partition: number): Promise<void> {
    await storageCall('delivery progress write', () =>
      this.doc.send(
        new DeleteCommand({ TableName: this.table, Key: progressKey(subscriptionId, partition) }),
      ),
    )
  }

  /** Every progress item of a deleted subscription. */
  async deleteAllProgress(subscriptionId: string): Promise<void> {
    const items = await this.queryAll(progressPk(subscriptionId), 'delivery progress read', true)
    for (let i = 0; i < items.length; i += BATCH_WRITE_MAX) {
      let requests: Item[] = items
        .slice(i, i + BATCH_WRITE_MAX)
        .map((item) => ({ DeleteRequest: { Key: { pk: item.pk, sk: item.sk } } }))
      // What DynamoDB left unprocessed (throttled) is sent again.
      while (requests.length > 0) {
        const out = await storageCall('delivery progress delete', () =>
          this.doc.send(new BatchWriteCommand({ RequestItems: { [this.table]: requests } })),
        )
        requests = (out.UnprocessedItems?.[this.table] ?? []) as Item[]
      }
    }
  }

  private async putGuarded(item: Item, condition: string, values: Item, what: string): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: item,
          ConditionExpression: condition,
          ...(Object.keys(values).length > 0 ? { ExpressionAttributeValues: values } : {}),
        }),
      )
      return true
    } catch (err) {
      if (isConditionalCheckFailed(err)) return false
      throw translateStorageError(err, what)
    }
  }

  private async queryAll(pk: string, what: string, consistent: boolean): Promise<Item[]> {
    const items: Item[] = []
    let startKey: Item | undefined
    do {
      const page = await storageCall(what, () =>
        this.doc.send(
          new QueryCommand({
            TableName: this.table,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': pk },
            ConsistentRead: consistent,
            ExclusiveStartKey: startKey,
          }),
        ),
      )
      items.push(...(page.Items ?? []))
      startKey = page.LastEvaluatedKey
    } while (startKey)
    return items
  }
}
