import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import { unmarshall } from '@aws-sdk/util-dynamodb'
import { segmentKeyOfItem } from '../storage/dynamo-log-index.js'
import type { SegmentStore } from '../storage/segment-store.js'

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

/** Segments that removed index entries pointed into. */
export function segmentsOfRemovedEntries(records: readonly StreamRecordLike[]): string[] {
  const keys = new Set<string>()
  for (const record of records) {
    const image = record.dynamodb?.OldImage
    if (!image || !isRemoval(record)) continue
    // A stream image is a plain AttributeValue map; unmarshall's types expect the SDK's own union.
    const key = segmentKeyOfItem(unmarshall(image as Parameters<typeof unmarshall>[0]))
    if (key) keys.add(key)
  }
  return [...keys]
}

/**
 * Deletes the S3 segments of index entries that TTL expired or topic deletion removed. All entries of
 * one segment come from one request to one topic, so they expire together: once one is gone, the
 * segment is unreadable anyway. Deleting twice is harmless, so stream replays are too.
 */
export async function collectSegments(
  segments: SegmentStore,
  records: readonly StreamRecordLike[],
): Promise<number> {
  const keys = segmentsOfRemovedEntries(records)
  if (keys.length > 0) await segments.delete(keys)
  return keys.length
}
