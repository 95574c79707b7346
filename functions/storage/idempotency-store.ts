import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb'
import { storageCall } from './errors.js'
import type { TransactItem } from './log-index.js'

/** What the first request under an Idempotency-Key answered, and a hash of its body. */
export interface IdempotencyRecord {
  bodyHash: string
  response: unknown
  expiresAt: number
}

/** Scoped to one topic incarnation, so a key reused on a re-created topic starts fresh. */
const keyOf = (topicId: string, key: string) => ({ pk: `idem#${topicId}`, sk: key })

export class IdempotencyStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async get(topicId: string, key: string, now: number): Promise<IdempotencyRecord | undefined> {
    const out = await storageCall('idempotency read', () =>
      this.doc.send(
        new GetCommand({ TableName: this.table, Key: keyOf(topicId, key), ConsistentRead: true }),
      ),
    )
    const item = out.Item
    if (!item || (item.exp as number) <= now) return undefined
    return {
      bodyHash: item.bodyHash as string,
      response: JSON.parse(item.response as string),
      expiresAt: item.exp as number,
    }
  }

  /** A transaction item that records the answer, unless a live record holds the key already. */
  claimItem(topicId: string, key: string, record: IdempotencyRecord, now: number): TransactItem {
    return {
      Put: {
        TableName: this.table,
        Item: {
          ...keyOf(topicId, key),
          bodyHash: record.bodyHash,
          response: JSON.stringify(record.response),
          exp: record.expiresAt,
          ttl: Math.ceil(record.expiresAt / 1000),
        },
        ConditionExpression: 'attribute_not_exists(sk) OR exp <= :now',
        ExpressionAttributeValues: { ':now': now },
      },
    }
  }
}
