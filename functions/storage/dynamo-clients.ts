import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import type { StorageConfig } from './config.js'

export interface DynamoClients {
  dynamo: DynamoDBClient
  doc: DynamoDBDocumentClient
}

/** Stand-ins accept any credentials; real AWS takes them from the Lambda role. */
export const localCredentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }

/** The DynamoDB clients: every request uses them, so they load with the function. */
export function createDynamoClients(config: StorageConfig): DynamoClients {
  const dynamo = new DynamoDBClient({
    region: config.region,
    ...(config.dynamoEndpoint ? { endpoint: config.dynamoEndpoint, credentials: localCredentials } : {}),
  })
  const doc = DynamoDBDocumentClient.from(dynamo, {
    marshallOptions: { removeUndefinedValues: true },
  })
  return { dynamo, doc }
}
