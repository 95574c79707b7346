import { partitionForKey } from '../../sdk/src/partitioner.js'
import { invalidRequest, SluiceError, topicNotFound, unavailable } from '../errors.js'
import {
  EntryConflictError,
  type EntryWrite,
  type PartitionRef,
  type TransactItem,
} from '../storage/log-index.js'
import type { TopicMeta } from '../storage/topic-catalog.js'
import type { EngineDeps } from './deps.js'
import { LIMITS } from './limits.js'
import { crc32c, encodeBatch, type StoredRecord } from './record-batch.js'

/** A record to append, already decoded from the request's encoding. */
export interface AppendRecord {
  key: Uint8Array | null
  value: Uint8Array | null
  headers: Record<string, string>
  partition?: number
  timestamp?: number
}

export interface AppendedRecord {
  partition: number
  offset: number
  timestamp: number
}

export interface AppendResult {
  records: AppendedRecord[]
}

export interface AppendOptions {
  /** Idempotency-Key header and a hash of the request body. */
  idempotency?: { key: string; bodyHash: string }
  /** Items written in the same transaction as the entries (a transaction's offset commit). */
  extraItems?: TransactItem[]
}

/** The records bound for one partition, in request order, and where each came from. */
interface PartitionBatch {
  ref: PartitionRef
  records: StoredRecord[]
  requestIndexes: number[]
  bytes: Uint8Array
  base?: number
}

/** Null-key records of one request share a partition; successive requests rotate. Random start per process. */
let nullKeyCounter = Math.floor(Math.random() * 1_000_000)

export function recordSize(r: Pick<AppendRecord, 'key' | 'value' | 'headers'>): number {
  let size = (r.key?.length ?? 0) + (r.value?.length ?? 0)
  for (const [k, v] of Object.entries(r.headers)) size += k.length + v.length
  return size
}

function assignPartitions(topic: TopicMeta, records: readonly AppendRecord[]): number[] {
  const nullKeyPartition = nullKeyCounter++ % topic.partitions
  return records.map((r, i) => {
    if (r.partition !== undefined) {
      if (!Number.isInteger(r.partition) || r.partition < 0 || r.partition >= topic.partitions) {
        throw invalidRequest(
          `records[${i}].partition ${r.partition} is out of range 0..${topic.partitions - 1}`,
          {
            topic: topic.name,
            partition: r.partition,
          },
        )
      }
      return r.partition
    }
    return r.key === null ? nullKeyPartition : partitionForKey(r.key, topic.partitions)
  })
}

function groupByPartition(topic: TopicMeta, records: readonly AppendRecord[], now: number): PartitionBatch[] {
  const partitions = assignPartitions(topic, records)
  const batches = new Map<number, PartitionBatch>()
  records.forEach((r, i) => {
    const partition = partitions[i] as number
    let batch = batches.get(partition)
    if (!batch) {
      batch = {
        ref: { topicId: topic.topicId, partition },
        records: [],
        requestIndexes: [],
        bytes: new Uint8Array(),
      }
      batches.set(partition, batch)
    }
    batch.records.push({ timestamp: r.timestamp ?? now, key: r.key, value: r.value, headers: r.headers })
    batch.requestIndexes.push(i)
  })
  for (const batch of batches.values()) batch.bytes = encodeBatch(batch.records)
  return [...batches.values()]
}

/**
 * Appends a request's records: reserve offsets on each partition's sequencer, put large batches in one
 * S3 segment, then write the index entries (conditionally, and in one transaction with any idempotency
 * record or offset commit). Answers only once every entry is written. Any failure after reserving fills
 * this writer's own holes, so readers need not wait for the hole timeout.
 */
export async function appendRecords(
  deps: EngineDeps,
  topicName: string,
  records: readonly AppendRecord[],
  options: AppendOptions = {},
): Promise<AppendResult> {
  const topic = await deps.catalog.get(topicName)
  if (!topic) throw topicNotFound(topicName)
  records.forEach((r, i) => {
    if (recordSize(r) > LIMITS.maxRecordBytes) {
      throw new SluiceError(
        'RECORD_TOO_LARGE',
        `records[${i}] is larger than ${LIMITS.maxRecordBytes} bytes`,
        {
          topic: topicName,
        },
      )
    }
  })
  const { idempotency } = options
  if (idempotency) {
    const replay = await replayIdempotent(deps, topic, idempotency)
    if (replay) return replay
  }
  const now = deps.now()
  const batches = groupByPartition(topic, records, now)
  if (idempotency && batches.length > LIMITS.maxIdempotentPartitions) {
    throw invalidRequest(
      `an idempotent request may touch at most ${LIMITS.maxIdempotentPartitions} partitions; this one touches ${batches.length}`,
      { topic: topicName },
    )
  }
  const expiresAt = topic.retentionMs === -1 ? undefined : now + topic.retentionMs

  const reservedAt = deps.now()
  const reserved = await Promise.allSettled(
    batches.map(async (b) => {
      b.base = await deps.index.reserve(b.ref, b.records.length, reservedAt)
    }),
  )
  try {
    const failed = reserved.find((r) => r.status === 'rejected')
    if (failed) throw failed.reason
    const writes = await placeBatches(deps, topic, batches, now, expiresAt)
    const result = resultOf(batches, records.length)
    const extra = [...(options.extraItems ?? [])]
    if (idempotency) {
      extra.push(
        deps.idempotency.claimItem(
          topic.topicId,
          idempotency.key,
          { bodyHash: idempotency.bodyHash, response: result, expiresAt: now + LIMITS.idempotencyTtlMs },
          now,
        ),
      )
    }
    if (deps.now() - reservedAt > deps.timing.writerDeadlineMs) {
      throw unavailable('the append took too long after reserving offsets; retry')
    }
    await deps.index.writeEntries(writes, extra)
    for (const b of batches) deps.notifier.notify(topic.topicId, b.ref.partition)
    return result
  } catch (err) {
    await fillOwnHoles(deps, batches, expiresAt)
    if (err instanceof EntryConflictError) {
      const isIdempotencyClaim = idempotency && err.failedExtraItem === (options.extraItems?.length ?? 0)
      if (isIdempotencyClaim) {
        const replay = await replayIdempotent(deps, topic, idempotency)
        if (replay) return replay
      }
      if (err.failedExtraItem !== undefined && !isIdempotencyClaim) throw err
      throw unavailable('the append lost a race for its offsets after a delay; retry')
    }
    throw err
  }
}

async function replayIdempotent(
  deps: EngineDeps,
  topic: TopicMeta,
  idempotency: { key: string; bodyHash: string },
): Promise<AppendResult | undefined> {
  const previous = await deps.idempotency.get(topic.topicId, idempotency.key, deps.now())
  if (!previous) return undefined
  if (previous.bodyHash !== idempotency.bodyHash) {
    throw new SluiceError(
      'IDEMPOTENCY_KEY_REUSED',
      'this Idempotency-Key was used with a different request body',
      { topic: topic.name },
    )
  }
  return previous.response as AppendResult
}

/** Small batches stay inline; larger ones share one segment object written before any entry. */
async function placeBatches(
  deps: EngineDeps,
  topic: TopicMeta,
  batches: readonly PartitionBatch[],
  now: number,
  expiresAt: number | undefined,
): Promise<EntryWrite[]> {
  const large = batches.filter((b) => b.bytes.length > deps.timing.inlineMaxBytes)
  const segmentKey = `segments/${topic.topicId}/${crypto.randomUUID()}`
  const ranges = new Map<PartitionBatch, { offset: number; length: number }>()
  if (large.length > 0) {
    const total = large.reduce((sum, b) => sum + b.bytes.length, 0)
    const body = new Uint8Array(total)
    let at = 0
    for (const b of large) {
      body.set(b.bytes, at)
      ranges.set(b, { offset: at, length: b.bytes.length })
      at += b.bytes.length
    }
    await deps.segments.put(segmentKey, body)
  }
  return batches.map((b) => {
    const timestamps = b.records.map((r) => r.timestamp)
    const range = ranges.get(b)
    return {
      partition: b.ref,
      entry: {
        base: b.base as number,
        count: b.records.length,
        minTimestamp: Math.min(...timestamps),
        maxTimestamp: Math.max(...timestamps),
        appendedAt: now,
        ...(expiresAt === undefined ? {} : { expiresAt }),
        crc: crc32c(b.bytes),
        ...(range ? { segment: { key: segmentKey, ...range } } : { data: b.bytes }),
      },
    }
  })
}

function resultOf(batches: readonly PartitionBatch[], size: number): AppendResult {
  const records: AppendedRecord[] = new Array(size)
  for (const b of batches) {
    b.requestIndexes.forEach((requestIndex, i) => {
      records[requestIndex] = {
        partition: b.ref.partition,
        offset: (b.base as number) + i,
        timestamp: (b.records[i] as StoredRecord).timestamp,
      }
    })
  }
  return { records }
}

/** Best effort: a writer that crashes here leaves holes that readers fill after the hole timeout. */
async function fillOwnHoles(
  deps: EngineDeps,
  batches: readonly PartitionBatch[],
  expiresAt: number | undefined,
) {
  await Promise.allSettled(
    batches
      .filter((b) => b.base !== undefined)
      .map((b) => deps.index.fillHole(b.ref, b.base as number, b.records.length, deps.now(), expiresAt)),
  )
}
