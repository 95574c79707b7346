import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb'
import type { IdempotencyRecord } from '../engine/idempotency-record.js'
import { storageCall } from './errors.js'
import type { TransactItem } from './log-index.js'
import { idempotencyFromItem, idempotencyItem, idempotencyKey } from './table-schema.js'

export class IdempotencyStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  /** The live record under `key` in `scope` (see the table schema), if there is one. */
  async get(scope: string, key: string, now: number): Promise<IdempotencyRecord | undefined> {
    const out = await storageCall('idempotency read', () =>
      this.doc.send(
        new GetCommand({ TableName: this.table, Key: idempotencyKey(scope, key), ConsistentRead: true }),
      ),
    )
    const record = out.Item && idempotencyFromItem(out.Item)
    return record && record.expiresAt > now ? record : undefined
  }

  /** A transaction item that records the answer, unless a live record holds the key already. */
  claimItem(scope: string, key: string, record: IdempotencyRecord, now: number): TransactItem {
    return {
      Put: {
        TableName: this.table,
        Item: idempotencyItem(scope, key, record),
        ConditionExpression: 'attribute_not_exists(sk) OR exp <= :now',
        ExpressionAttributeValues: { ':now': now },
      },
    }
  }
}
