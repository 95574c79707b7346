import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb'
import type { ApiKey } from '../auth/api-key.js'
import { storageCall } from './errors.js'
import {
  apiKeyFromItem,
  apiKeyItem,
  apiKeyKey,
  KEYS_PK,
  keyByHashItem,
  keyByHashKey,
  secretHashOfItem,
} from './table-schema.js'

export class KeyStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async create(key: ApiKey, secretHash: string): Promise<void> {
    await storageCall('key create', () =>
      this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: this.table, Item: apiKeyItem(key, secretHash) } },
            {
              Put: {
                TableName: this.table,
                Item: keyByHashItem(key, secretHash),
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ],
        }),
      ),
    )
  }

  async findBySecretHash(hash: string): Promise<ApiKey | undefined> {
    const out = await storageCall('key lookup', () =>
      this.doc.send(new GetCommand({ TableName: this.table, Key: keyByHashKey(hash), ConsistentRead: true })),
    )
    return out.Item ? apiKeyFromItem(out.Item) : undefined
  }

  async list(): Promise<ApiKey[]> {
    const out = await storageCall('key list', () =>
      this.doc.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': KEYS_PK },
          ConsistentRead: true,
        }),
      ),
    )
    return (out.Items ?? []).map(apiKeyFromItem)
  }

  /** Deletes the key; false when there was none with that id. */
  async delete(id: string): Promise<boolean> {
    const out = await storageCall('key read', () =>
      this.doc.send(new GetCommand({ TableName: this.table, Key: apiKeyKey(id), ConsistentRead: true })),
    )
    if (!out.Item) return false
    const secretHash = secretHashOfItem(out.Item)
    await storageCall('key delete', () =>
      this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            { Delete: { TableName: this.table, Key: apiKeyKey(id) } },
            { Delete: { TableName: this.table, Key: keyByHashKey(secretHash) } },
          ],
        }),
      ),
    )
    return true
  }
}
