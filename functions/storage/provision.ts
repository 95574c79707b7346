import {
  CreateTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb'
import { CreateBucketCommand, type S3Client } from '@aws-sdk/client-s3'

/**
 * Creates the table (pk/sk, on demand, stream with both images, TTL on `ttl`) and the bucket when
 * they are missing: what the CDK app declares in AWS, done by hand for the local stand-ins. Several
 * instances may run it at once against the same table and bucket, and one may have died halfway:
 * each step checks what is already there rather than trusting whoever created the table.
 */
export async function provisionStorage(
  clients: { dynamo: DynamoDBClient; s3: S3Client },
  names: { table: string; bucket: string },
): Promise<void> {
  try {
    await clients.dynamo.send(
      new CreateTableCommand({
        TableName: names.table,
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
      }),
    )
  } catch (err) {
    if (!(err instanceof ResourceInUseException)) throw err
  }
  // Created by another instance, the table may still be CREATING.
  await waitUntilTableExists({ client: clients.dynamo, maxWaitTime: 30 }, { TableName: names.table })
  await enableTtl(clients.dynamo, names.table)
  try {
    await clients.s3.send(new CreateBucketCommand({ Bucket: names.bucket }))
  } catch (err) {
    const name = err instanceof Error ? err.name : ''
    if (name !== 'BucketAlreadyOwnedByYou' && name !== 'BucketAlreadyExists') throw err
  }
}

async function enableTtl(dynamo: DynamoDBClient, table: string): Promise<void> {
  const ttlOn = async () => {
    const { TimeToLiveDescription } = await dynamo.send(new DescribeTimeToLiveCommand({ TableName: table }))
    const status = TimeToLiveDescription?.TimeToLiveStatus
    return status === 'ENABLED' || status === 'ENABLING'
  }
  if (await ttlOn()) return
  try {
    await dynamo.send(
      new UpdateTimeToLiveCommand({
        TableName: table,
        TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
      }),
    )
  } catch (err) {
    // Another instance turned it on in between ("TimeToLive is already enabled").
    if (!(await ttlOn())) throw err
  }
}
