import { isUtf8 } from 'node:buffer'
import { toRecordView } from '../app/fetch-answer.js'
import { fetchFromTopic } from '../engine/fetch.js'
import { LIMITS } from '../engine/limits.js'
import type { ReadRecord, ReadResult } from '../engine/read.js'
import { recordSize } from '../engine/record-batch.js'
import type { TopicMeta } from '../engine/topic-meta.js'
import { SluiceError } from '../errors.js'
import type { DeliveryEvent } from './delivery-target.js'
import type { SubscriptionDeps } from './deps.js'
import { batchSize } from './retry-policy.js'
import type { PartitionProgress, Subscription } from './types.js'

/** The records to deliver next, and where the committed offset goes once they succeeded. */
export interface Batch {
  records: ReadRecord[]
  /** After the last record: the next record's offset, or where the read stopped (gaps passed). */
  nextOffset: number
}

/**
 * Reads the next batch from `from`: up to `batch.maxRecords` and `batch.maxBytes`; with `maxWaitMs`,
 * waiting up to that long (and never past `deadline`) for a batch to fill; while bisecting, the first
 * half of the failing range. A committed offset that retention passed starts at the first record held.
 * Undefined when there is nothing to deliver; `position` is then where the read stands. `endOffset`:
 * the partition's end as the last read found it (records beyond the batch, if it is past its end).
 */
export async function readBatch(
  deps: SubscriptionDeps,
  sub: Subscription,
  topic: TopicMeta,
  partition: number,
  from: number,
  progress: PartitionProgress | undefined,
  deadline: number,
): Promise<{ batch?: Batch; position: number; endOffset: number }> {
  const { maxRecords, maxBytes, maxWaitMs } = sub.batch
  const read = await readFrom(deps, topic, partition, from, { limit: maxRecords, maxBytes, waitMs: 0 })
  const records = [...read.records]
  let next = read.nextOffset
  let endOffset = read.endOffset
  let bytes = records.reduce((sum, r) => sum + recordSize(r), 0)
  const until = Math.min(deps.now() + maxWaitMs, deadline)
  while (records.length > 0 && records.length < maxRecords && bytes < maxBytes && deps.now() < until) {
    const more = await readFrom(deps, topic, partition, next, {
      limit: maxRecords - records.length,
      maxBytes: maxBytes - bytes,
      waitMs: Math.min(until - deps.now(), LIMITS.maxWaitMs),
    })
    endOffset = Math.max(endOffset, more.endOffset)
    if (more.records.length === 0) break
    records.push(...more.records)
    bytes += more.records.reduce((sum, r) => sum + recordSize(r), 0)
    next = more.nextOffset
  }
  if (records.length === 0) return { position: next, endOffset }
  const size = batchSize(
    records.map((r) => r.offset),
    progress,
  )
  const batch = { records: records.slice(0, size), nextOffset: records[size]?.offset ?? next }
  return { batch, position: (records[0] as ReadRecord).offset, endOffset }
}

async function readFrom(
  deps: SubscriptionDeps,
  topic: TopicMeta,
  partition: number,
  from: number,
  limits: { limit: number; maxBytes: number; waitMs: number },
): Promise<ReadResult> {
  try {
    return await fetchFromTopic(deps, topic, partition, { from, ...limits })
  } catch (err) {
    // Records expired before they were delivered: nothing to deliver of them, as a consumer resets.
    const start = err instanceof SluiceError ? err.details.startOffset : undefined
    if (err instanceof SluiceError && typeof start === 'number' && from < start) {
      return fetchFromTopic(deps, topic, partition, { from: start, ...limits })
    }
    throw err
  }
}

/** The delivery's body (docs/api.md): utf8 when every key and value is UTF-8 text, else base64. */
export function deliveryEvent(
  sub: Subscription,
  partition: number,
  records: readonly ReadRecord[],
  attempt: number,
): DeliveryEvent {
  const text = (bytes: Uint8Array | null) => bytes === null || isUtf8(bytes)
  const encoding = records.every((r) => text(r.key) && text(r.value)) ? 'utf8' : 'base64'
  return {
    subscription: sub.name,
    topic: sub.topic,
    partition,
    attempt,
    encoding,
    records: records.map((r) => toRecordView(r, encoding)),
  }
}

/** A batch has at least one record. */
export const firstOffset = (batch: Batch) => (batch.records[0] as ReadRecord).offset
export const lastOffset = (batch: Batch) => (batch.records[batch.records.length - 1] as ReadRecord).offset

/** `<subscription>/<partition>/<first offset>-<last offset>`: the same on every retry of the batch. */
export function batchIdempotencyKey(sub: Subscription, partition: number, batch: Batch) {
  return `${sub.name}/${partition}/${firstOffset(batch)}-${lastOffset(batch)}`
}
