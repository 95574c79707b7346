import { S3Client } from '@aws-sdk/client-s3'
import type { StorageConfig } from './config.js'
import { createDynamoClients, type DynamoClients } from './dynamo-clients.js'
import { s3ClientConfig } from './s3-client.js'

export interface AwsClients extends DynamoClients {
  s3: S3Client
}

/**
 * Every client, created at once: for the local server, tests and benchmarks. The Lambda entry points
 * load the S3 SDK on first use instead (`lazyS3Client`).
 */
export function createAwsClients(config: StorageConfig): AwsClients {
  return { ...createDynamoClients(config), s3: new S3Client(s3ClientConfig(config)) }
}
