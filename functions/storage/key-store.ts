import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb'
import type { Grant } from '../auth/grants.js'
import { storageCall } from './errors.js'

/** An API key as stored: never its secret, only the secret's SHA-256. */
export interface ApiKey {
  id: string
  name: string
  grants: Grant[]
  createdAt: number
}

/** Keys are listed under one partition key; a second item per key finds it by its secret's hash. */
const KEYS_PK = 'keys'
const byHash = (hash: string) => ({ pk: `keyhash#${hash}`, sk: 'key' })

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
            { Put: { TableName: this.table, Item: { pk: KEYS_PK, sk: key.id, ...key, secretHash } } },
            {
              Put: {
                TableName: this.table,
                Item: { ...byHash(secretHash), ...key },
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
      this.doc.send(new GetCommand({ TableName: this.table, Key: byHash(hash), ConsistentRead: true })),
    )
    return out.Item ? toKey(out.Item) : undefined
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
    return (out.Items ?? []).map(toKey)
  }

  /** Deletes the key; false when there was none with that id. */
  async delete(id: string): Promise<boolean> {
    const out = await storageCall('key read', () =>
      this.doc.send(
        new GetCommand({ TableName: this.table, Key: { pk: KEYS_PK, sk: id }, ConsistentRead: true }),
      ),
    )
    if (!out.Item) return false
    await storageCall('key delete', () =>
      this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            { Delete: { TableName: this.table, Key: { pk: KEYS_PK, sk: id } } },
            { Delete: { TableName: this.table, Key: byHash(out.Item?.secretHash as string) } },
          ],
        }),
      ),
    )
    return true
  }
}

const toKey = (item: Record<string, unknown>): ApiKey => ({
  id: item.id as string,
  name: item.name as string,
  grants: item.grants as Grant[],
  createdAt: item.createdAt as number,
})
