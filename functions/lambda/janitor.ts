import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda'
import { collectRemovedInOrder, type StreamRecordLike } from '../engine/janitor.js'
import { createLogger } from '../observability/logger.js'
import { storageConfigFromEnv } from '../storage/config.js'
import { createDynamoClients } from '../storage/dynamo-clients.js'
import { DynamoLogIndex } from '../storage/dynamo-log-index.js'
import { lazyS3Client } from '../storage/s3-client.js'
import { S3SegmentStore } from '../storage/segment-store.js'

const config = storageConfigFromEnv()
// Most removals are of inline entries: the S3 SDK loads with the first segment to delete.
const segments = new S3SegmentStore(lazyS3Client(config), config.bucket)
const index = new DynamoLogIndex(createDynamoClients(config).doc, config.table)
const logger = createLogger()

/**
 * The retention janitor on the table's stream. A record whose work failed is reported with every
 * record after it (its event source reports batch item failures): Lambda resumes the stream at the
 * first of them, so the records before it are not done again, and a retry does the rest.
 */
export async function handler(event: DynamoDBStreamEvent, context: Context): Promise<DynamoDBBatchResponse> {
  logger.addContext(context)
  // aws-lambda's stream record types and the SDK's AttributeValue describe the same JSON.
  const pass = await collectRemovedInOrder({ segments, index }, event.Records as StreamRecordLike[])
  const failed = pass.failed ? event.Records.slice(pass.failed.index) : []
  const fields = { records: event.Records.length, deleted_segments: pass.deletedSegments }
  if (pass.failed) {
    logger.error('stream batch', { ...fields, failed_records: failed.length, error: pass.failed.cause })
  } else {
    logger.info('stream batch', fields)
  }
  // Stream records always carry a sequence number; an empty identifier would make Lambda retry the batch.
  return { batchItemFailures: failed.map((r) => ({ itemIdentifier: r.dynamodb?.SequenceNumber ?? '' })) }
}
