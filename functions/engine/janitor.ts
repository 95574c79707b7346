import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import { unmarshall } from '@aws-sdk/util-dynamodb'
import type { LogIndex, PartitionRef } from '../storage/log-index.js'
import type { SegmentStore } from '../storage/segment-store.js'
import { isRetiredHead, partitionOfItem, segmentKeyOfItem } from '../storage/table-schema.js'

/** The part of a DynamoDB stream record the janitor reads (Lambda events and the Streams API alike). */
export interface StreamRecordLike {
  eventName?: string
  dynamodb?: {
    OldImage?: Record<string, AttributeValue>
    NewImage?: Record<string, AttributeValue>
  }
}

/**
 * An item gone from the table: REMOVE in AWS; DynamoDB Local's TTL deletions arrive with an event
 * name the SDK does not know, so an old image without a new one counts too.
 */
const isRemoval = (r: StreamRecordLike) =>
  r.eventName === 'REMOVE' || (r.dynamodb?.OldImage !== undefined && r.dynamodb.NewImage === undefined)

/** The old images of items gone from the table. */
function removedItems(records: readonly StreamRecordLike[]): Record<string, unknown>[] {
  return records.flatMap((record) => {
    const image = record.dynamodb?.OldImage
    // A stream image is a plain AttributeValue map; unmarshall's types expect the SDK's own union.
    return image && isRemoval(record) ? [unmarshall(image as Parameters<typeof unmarshall>[0])] : []
  })
}

/** Segments that removed index entries pointed into. */
export function segmentsOfRemovedEntries(records: readonly StreamRecordLike[]): string[] {
  const keys = removedItems(records).flatMap((item) => segmentKeyOfItem(item) ?? [])
  return [...new Set(keys)]
}

/** Partitions of deleted topics whose retired heads expired: what late writers left there goes now. */
export function partitionsToSweep(records: readonly StreamRecordLike[]): PartitionRef[] {
  return removedItems(records).flatMap((item) => (isRetiredHead(item) ? (partitionOfItem(item) ?? []) : []))
}

/** What the janitor deletes from. */
export interface JanitorStores {
  segments: SegmentStore
  index: Pick<LogIndex, 'deletePartition'>
}

/**
 * Deletes the S3 segments of index entries that TTL expired or topic deletion removed, and sweeps the
 * partitions of deleted topics once more when their retired heads expire. All entries of one segment
 * come from one request to one topic, so they expire together: once one is gone, the segment is
 * unreadable anyway. Deleting twice is harmless, so stream replays are too. Answers how many segments
 * it deleted.
 */
export async function collectRemoved(
  stores: JanitorStores,
  records: readonly StreamRecordLike[],
): Promise<number> {
  const keys = new Set(segmentsOfRemovedEntries(records))
  for (const partition of partitionsToSweep(records)) {
    for (const key of await stores.index.deletePartition(partition)) keys.add(key)
  }
  if (keys.size > 0) await stores.segments.delete([...keys])
  return keys.size
}
