import { partitionForKey } from '../../sdk/src/partitioner.js'
import { invalidRequest } from '../errors.js'
import { outOfRange } from '../rules.js'
import type { PartitionRef } from '../storage/log-index.js'
import type { AppendedRecord, AppendRecord, AppendResult } from './append-types.js'
import { encodeBatch, type StoredRecord } from './record-batch.js'
import type { TopicMeta } from './topic-meta.js'

/** The records bound for one partition, in request order, and where each came from. */
export interface PartitionBatch {
  topic: TopicMeta
  expiresAt: number | undefined
  ref: PartitionRef
  records: StoredRecord[]
  requestIndexes: number[]
  bytes: Uint8Array
  /** The first offset reserved for the records, once reserved. */
  base?: number
}

/** Metadata for a produce, and whether it was read for it (else remembered from an earlier request). */
export interface ProduceTopic {
  meta: TopicMeta
  fresh: boolean
}

/**
 * The topic metadata a produce used is out of date: the topic was deleted (and maybe created again), or
 * a record names a partition beyond the remembered count. The produce reads the topic afresh and retries.
 */
export class StaleTopicError extends Error {
  constructor(readonly topic: string) {
    super(`topic metadata of '${topic}' is out of date`)
    this.name = 'StaleTopicError'
  }
}

/** Null-key records of one request share a partition; successive requests rotate. Random start per process. */
let nullKeyCounter = Math.floor(Math.random() * 1_000_000)

function assignPartitions({ meta: topic, fresh }: ProduceTopic, records: readonly AppendRecord[]): number[] {
  const nullKeyPartition = nullKeyCounter++ % topic.partitions
  return records.map((r, i) => {
    if (r.partition !== undefined) {
      if (!fresh && Number.isInteger(r.partition) && r.partition >= topic.partitions) {
        throw new StaleTopicError(topic.name)
      }
      if (!Number.isInteger(r.partition) || r.partition < 0 || r.partition >= topic.partitions) {
        throw invalidRequest(outOfRange(`records[${i}].partition`, r.partition, topic.partitions), {
          topic: topic.name,
          partition: r.partition,
        })
      }
      return r.partition
    }
    return r.key === null ? nullKeyPartition : partitionForKey(r.key, topic.partitions)
  })
}

/** A produce's records as one encoded batch per partition they go to (a named one, by key, or rotating). */
export function groupByPartition(
  produceTopic: ProduceTopic,
  records: readonly AppendRecord[],
  now: number,
): PartitionBatch[] {
  const partitions = assignPartitions(produceTopic, records)
  const topic = produceTopic.meta
  const batches = new Map<number, PartitionBatch>()
  records.forEach((r, i) => {
    const partition = partitions[i] as number
    let batch = batches.get(partition)
    if (!batch) {
      batch = {
        topic,
        expiresAt: topic.retentionMs === -1 ? undefined : now + topic.retentionMs,
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

/** The answer to a request of `size` records from its reserved batches, back in request order. */
export function resultOf(batches: readonly PartitionBatch[], size: number): AppendResult {
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
