import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { S3Client } from '@aws-sdk/client-s3'
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import type { StorageConfig } from './config.js'

export interface AwsClients {
  dynamo: DynamoDBClient
  doc: DynamoDBDocumentClient
  s3: S3Client
}

/** Stand-ins accept any credentials; real AWS takes them from the Lambda role. */
const localCredentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }

export function createAwsClients(config: StorageConfig): AwsClients {
  const dynamo = new DynamoDBClient({
    region: config.region,
    ...(config.dynamoEndpoint ? { endpoint: config.dynamoEndpoint, credentials: localCredentials } : {}),
  })
  const s3 = new S3Client({
    region: config.region,
    // s3rver stores streamed uploads with their chunk framing unless checksums are only sent when required.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    ...(config.s3Endpoint
      ? { endpoint: config.s3Endpoint, forcePathStyle: true, credentials: localCredentials }
      : {}),
  })
  const doc = DynamoDBDocumentClient.from(dynamo, {
    marshallOptions: { removeUndefinedValues: true },
  })
  return { dynamo, doc, s3 }
}
