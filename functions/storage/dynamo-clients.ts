import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import type { StorageConfig } from './config.js'

export interface DynamoClients {
  dynamo: DynamoDBClient
  doc: DynamoDBDocumentClient
}

/** Stand-ins accept any credentials; real AWS takes them from the Lambda role. */
export const localCredentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }

/**
 * A client's settings for a custom endpoint: a stand-in's with the credentials it accepts (s3rver
 * checks signatures against these); one in AWS itself (a dev table served from a laptop) with the
 * caller's own, from the SDK's usual chain.
 */
export function customEndpoint(endpoint: string): {
  endpoint: string
  credentials?: typeof localCredentials
} {
  const inAws = /\.amazonaws\.com(\.cn)?$/.test(new URL(endpoint).hostname)
  return inAws ? { endpoint } : { endpoint, credentials: localCredentials }
}

/** The DynamoDB clients: every request uses them, so they load with the function. */
export function createDynamoClients(config: StorageConfig): DynamoClients {
  const dynamo = new DynamoDBClient({
    region: config.region,
    ...(config.dynamoEndpoint ? customEndpoint(config.dynamoEndpoint) : {}),
  })
  const doc = DynamoDBDocumentClient.from(dynamo, {
    marshallOptions: { removeUndefinedValues: true },
  })
  return { dynamo, doc }
}
