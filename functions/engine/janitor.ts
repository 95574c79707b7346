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

/** What the janitor made of a batch of stream records. */
export interface JanitorPass {
  deletedSegments: number
  /** The first record whose work failed (its index), and why: it and every later record are still to do. */
  failed?: { index: number; cause: unknown }
}

/**
 * Deletes the S3 segments of index entries that TTL expired or topic deletion removed, and sweeps the
 * partitions of deleted topics once more when their retired heads expire. All entries of one segment
 * come from one request to one topic, so they expire together: once one is gone, the segment is
 * unreadable anyway. Deleting twice is harmless, so stream replays are too.
 *
 * Records are done in stream order, so that what fails leaves a tail to retry: a stream consumer
 * resumes at the first record it reports failed (Lambda's partial batch responses). Sweeps go record by
 * record; the segments of the records before any failed sweep go in one delete, which, failing, leaves
 * everything from the first record that freed a segment to do (S3 does not say which keys it refused).
 */
export async function collectRemovedInOrder(
  stores: JanitorStores,
  records: readonly StreamRecordLike[],
): Promise<JanitorPass> {
  const freed = records.map((record) => segmentsOfRemovedEntries([record]))
  let failed: JanitorPass['failed']
  for (const [index, record] of records.entries()) {
    try {
      for (const partition of partitionsToSweep([record])) {
        freed[index]?.push(...(await stores.index.deletePartition(partition)))
      }
    } catch (cause) {
      failed = { index, cause }
      break
    }
  }
  const keys = [...new Set(freed.slice(0, failed?.index).flat())]
  if (keys.length > 0) {
    try {
      await stores.segments.delete(keys)
    } catch (cause) {
      return { deletedSegments: 0, failed: { index: freed.findIndex((k) => k.length > 0), cause } }
    }
  }
  return failed ? { deletedSegments: keys.length, failed } : { deletedSegments: keys.length }
}

/** `collectRemovedInOrder`, throwing the first failure (for a consumer that retries a whole batch). */
export async function collectRemoved(
  stores: JanitorStores,
  records: readonly StreamRecordLike[],
): Promise<number> {
  const pass = await collectRemovedInOrder(stores, records)
  if (pass.failed) throw pass.failed.cause
  return pass.deletedSegments
}
