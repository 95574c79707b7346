import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb'
import type { TopicMeta } from '../engine/topic-meta.js'
import { isConditionalCheckFailed, storageCall, translateStorageError } from './errors.js'
import { TOPICS_PK, topicFromItem, topicItem, topicKey } from './table-schema.js'

export class TopicCatalog {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  /** Creates the topic; false when one of that name exists. */
  async create(meta: TopicMeta): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: topicItem(meta),
          ConditionExpression: 'attribute_not_exists(sk)',
        }),
      )
      return true
    } catch (err) {
      if (isConditionalCheckFailed(err)) return false
      throw translateStorageError(err, 'topic create')
    }
  }

  async get(name: string): Promise<TopicMeta | undefined> {
    const out = await storageCall('topic read', () =>
      this.doc.send(new GetCommand({ TableName: this.table, Key: topicKey(name), ConsistentRead: true })),
    )
    return out.Item ? topicFromItem(out.Item) : undefined
  }

  async list(): Promise<TopicMeta[]> {
    const topics: TopicMeta[] = []
    let startKey: Record<string, unknown> | undefined
    do {
      const page = await storageCall('topic list', () =>
        this.doc.send(
          new QueryCommand({
            TableName: this.table,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': TOPICS_PK },
            ExclusiveStartKey: startKey,
          }),
        ),
      )
      topics.push(...(page.Items ?? []).map(topicFromItem))
      startKey = page.LastEvaluatedKey
    } while (startKey)
    return topics
  }

  /** Changes partitions and retention of this incarnation; undefined when it no longer exists. */
  async update(
    current: TopicMeta,
    change: { partitions: number; retentionMs: number },
  ): Promise<TopicMeta | undefined> {
    try {
      const out = await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: topicKey(current.name),
          UpdateExpression: 'SET #partitions = :p, retentionMs = :r',
          // Partitions only grow, even when two changes race.
          ConditionExpression: 'topicId = :id AND #partitions <= :p',
          ExpressionAttributeNames: { '#partitions': 'partitions' },
          ExpressionAttributeValues: {
            ':p': change.partitions,
            ':r': change.retentionMs,
            ':id': current.topicId,
          },
          ReturnValues: 'ALL_NEW',
        }),
      )
      return out.Attributes ? topicFromItem(out.Attributes) : undefined
    } catch (err) {
      if (isConditionalCheckFailed(err)) return undefined
      throw translateStorageError(err, 'topic update')
    }
  }

  /** Removes this incarnation's metadata; false when it was already gone. */
  async remove(meta: TopicMeta): Promise<boolean> {
    try {
      await this.doc.send(
        new DeleteCommand({
          TableName: this.table,
          Key: topicKey(meta.name),
          ConditionExpression: 'topicId = :id',
          ExpressionAttributeValues: { ':id': meta.topicId },
        }),
      )
      return true
    } catch (err) {
      if (isConditionalCheckFailed(err)) return false
      throw translateStorageError(err, 'topic delete')
    }
  }
}
