import type { DynamoDBStreamEvent } from 'aws-lambda'
import { collectRemoved, type StreamRecordLike } from '../engine/janitor.js'
import { storageConfigFromEnv } from '../storage/config.js'
import { createDynamoClients } from '../storage/dynamo-clients.js'
import { DynamoLogIndex } from '../storage/dynamo-log-index.js'
import { lazyS3Client } from '../storage/s3-client.js'
import { S3SegmentStore } from '../storage/segment-store.js'

const config = storageConfigFromEnv()
// Most removals are of inline entries: the S3 SDK loads with the first segment to delete.
const segments = new S3SegmentStore(lazyS3Client(config), config.bucket)
const index = new DynamoLogIndex(createDynamoClients(config).doc, config.table)

/** The retention janitor on the table's stream. A failure throws, so Lambda retries the batch. */
export async function handler(event: DynamoDBStreamEvent): Promise<{ deletedSegments: number }> {
  // aws-lambda's stream record types and the SDK's AttributeValue describe the same JSON.
  const deletedSegments = await collectRemoved({ segments, index }, event.Records as StreamRecordLike[])
  return { deletedSegments }
}
