import type { DynamoDBStreamEvent } from 'aws-lambda'
import { collectSegments, type StreamRecordLike } from '../engine/janitor.js'
import { createAwsClients } from '../storage/clients.js'
import { storageConfigFromEnv } from '../storage/config.js'
import { S3SegmentStore } from '../storage/segment-store.js'

const config = storageConfigFromEnv()
const segments = new S3SegmentStore(createAwsClients(config).s3, config.bucket)

/** The retention janitor on the table's stream. A failure throws, so Lambda retries the batch. */
export async function handler(event: DynamoDBStreamEvent): Promise<{ deletedSegments: number }> {
  // aws-lambda's stream record types and the SDK's AttributeValue describe the same JSON.
  const deletedSegments = await collectSegments(segments, event.Records as StreamRecordLike[])
  return { deletedSegments }
}
