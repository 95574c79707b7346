import { invalidRequest, SluiceError, topicNotFound, unavailable } from '../errors.js'
import {
  EntryConflictError,
  type EntryWrite,
  PartitionHeadMissingError,
  type ReserveOptions,
  type SegmentRange,
  type TransactItem,
} from '../storage/log-index.js'
import type { AppendRecord, AppendResult } from './append-types.js'
import type { EngineDeps } from './deps.js'
import { keepAnswer } from './idempotent-answer.js'
import { claimItem, type IdempotencyClaim, replayIdempotent } from './idempotent-replay.js'
import { LIMITS } from './limits.js'
import {
  groupByPartition,
  type PartitionBatch,
  type ProduceTopic,
  resultOf,
  StaleTopicError,
} from './partition-batches.js'
import { crc32c, recordSize } from './record-batch.js'
import { goesToSegment, putSegments } from './segment-placement.js'
import { cachedTopic, freshTopic } from './topic-cache.js'
import { settleOwnWrites } from './write-outcome.js'

export interface AppendOptions {
  /** Idempotency-Key header and a hash of the request body. */
  idempotency?: { key: string; bodyHash: string }
  /** Items written in the same transaction as the entries (a transaction's offset commit). */
  extraItems?: TransactItem[]
}

/**
 * Appends a request's records: reserve offsets on each partition's sequencer while large batches go
 * into one S3 segment, then write the index entries (conditionally, and in one transaction with any idempotency
 * record or offset commit). Answers only once every entry is written. Any failure after reserving fills
 * this writer's own holes, so readers need not wait for the hole timeout.
 */
export async function appendRecords(
  deps: EngineDeps,
  topicName: string,
  records: readonly AppendRecord[],
  options: AppendOptions = {},
): Promise<AppendResult> {
  return withTopics(deps, [topicName], async (topics) => {
    const topic = topics[0] as ProduceTopic
    checkRecordSizes(topicName, records)
    const idempotency = options.idempotency && { scope: topic.meta.topicId, ...options.idempotency }
    const replay = async () =>
      idempotency && (await replayIdempotent(deps, idempotency, [records], { topic: topicName }))?.[0]
    const replayed = await replay()
    if (replayed) return replayed
    const now = deps.now()
    const batches = groupByPartition(topic, records, now)
    const result = () => resultOf(batches, records.length)
    return appendBatches(deps, batches, now, {
      extraItems: options.extraItems ?? [],
      idempotency,
      result,
      kept: () => keepAnswer([result()], now),
      replay,
    })
  })
}

/**
 * Runs a produce with the topics' metadata as this instance remembers it, which saves a read per
 * request; if that turns out stale (a reservation finds the topic's heads deleted), once more with
 * metadata read afresh, which also answers 404 for a topic that is gone.
 */
async function withTopics<R>(
  deps: EngineDeps,
  names: readonly string[],
  attempt: (topics: ProduceTopic[]) => Promise<R>,
): Promise<R> {
  const remembered = await Promise.all(names.map((name) => cachedTopic(deps, name)))
  try {
    return await attempt(remembered.map((meta) => ({ meta, fresh: false })))
  } catch (err) {
    if (!(err instanceof StaleTopicError)) throw err
  }
  const topics = await Promise.all(names.map((name) => freshTopic(deps, name)))
  try {
    return await attempt(topics.map((meta) => ({ meta, fresh: true })))
  } catch (err) {
    // Deleted between the read and the reservation.
    if (err instanceof StaleTopicError) throw topicNotFound(err.topic)
    throw err
  }
}

/** One topic's share of a transaction. */
export interface TransactionProduce {
  topic: string
  records: readonly AppendRecord[]
}

export interface TransactionOptions {
  /** Items that must hold for anything to be appended (the transaction's offset commit). */
  extraItems?: TransactItem[]
  /** Idempotency-Key of the transaction, unique within `scope`. */
  idempotency?: IdempotencyClaim
  /** Refuses the transaction before anything is written if it touches more partitions than this. */
  checkPartitions?: (produced: number) => void
}

/**
 * Appends to several topics and writes `extraItems`, all in one DynamoDB transaction: either every
 * record is appended and every extra item written, or nothing is (holes left by the reservations are
 * filled with skip markers). An extra item whose condition fails surfaces as EntryConflictError.
 */
export async function appendTransaction(
  deps: EngineDeps,
  produce: readonly TransactionProduce[],
  options: TransactionOptions = {},
): Promise<AppendResult[]> {
  return withTopics(
    deps,
    produce.map((p) => p.topic),
    async (topics) => {
      for (const p of produce) checkRecordSizes(p.topic, p.records)
      const { idempotency } = options
      const replay = async () =>
        idempotency &&
        replayIdempotent(
          deps,
          idempotency,
          produce.map((p) => p.records),
          {},
        )
      const replayed = await replay()
      if (replayed) return replayed
      const now = deps.now()
      const perTopic = produce.map((p, i) => groupByPartition(topics[i] as ProduceTopic, p.records, now))
      const batches = perTopic.flat()
      options.checkPartitions?.(batches.length)
      const result = () =>
        perTopic.map((b, i) => resultOf(b, (produce[i] as TransactionProduce).records.length))
      return appendBatches(deps, batches, now, {
        extraItems: options.extraItems ?? [],
        idempotency,
        result,
        kept: () => keepAnswer(result(), now),
        replay,
      })
    },
  )
}

function checkRecordSizes(topicName: string, records: readonly AppendRecord[]) {
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
}

/** Reserves, places and writes `batches` with `extraItems` and the idempotency record; answers `result()`. */
async function appendBatches<R>(
  deps: EngineDeps,
  batches: PartitionBatch[],
  now: number,
  { extraItems, idempotency, result, kept, replay }: BatchesAnswer<R>,
): Promise<R> {
  const topicNames = [...new Set(batches.map((b) => b.topic.name))]
  const where = topicNames.length === 1 ? { topic: topicNames[0] } : {}
  if (idempotency && batches.length > LIMITS.maxIdempotentPartitions) {
    throw invalidRequest(
      `an idempotent request may touch at most ${LIMITS.maxIdempotentPartitions} partitions; this one touches ${batches.length}`,
      where,
    )
  }
  // Entries go into one transaction with any extra item or idempotency record: all land or none.
  const atomic = extraItems.length > 0 || idempotency !== undefined
  let pending = batches
  for (let attempt = 1; ; attempt++) {
    const writer = crypto.randomUUID()
    try {
      await writeBatches(deps, pending, now, writer, () =>
        idempotency ? [...extraItems, claimItem(deps, idempotency, kept(), now)] : [...extraItems],
      )
      return appended(deps, batches, result)
    } catch (err) {
      const landed = await settleOwnWrites(deps, pending, writer)
      // Entries that landed prove the write did (extra items land with them or not at all); with no
      // entries (a transaction that only commits) nothing does, and the error is the answer.
      if (pending.length > 0 && landed.every((l) => l === true)) return appended(deps, batches, result)
      if (landed.some((l) => l === undefined)) {
        throw outcomeUnknown(
          'the append failed and whether its records were appended could not be learnt',
          err,
        )
      }
      const missed = pending.filter((_, i) => landed[i] === false)
      // Separate puts (several partitions, nothing atomic): some landed. Those offsets stand; the rest
      // are written again at new offsets, so the request is answered whole.
      if (!atomic && missed.length < pending.length && attempt < MAX_PARTIAL_ATTEMPTS) {
        for (const b of missed) b.base = undefined
        pending = missed
        continue
      }
      if (missed.length < pending.length) {
        throw outcomeUnknown('the append landed on some partitions only', err, { partial: true })
      }
      // Another request under the same key got there first: answer what it answered.
      const claimLost = err instanceof EntryConflictError && err.failedExtraItem === extraItems.length
      const replayed = idempotency && claimLost ? await replay() : undefined
      if (replayed) return replayed
      throw refusal(err, extraItems.length)
    }
  }
}

/** How an append answers, and what its idempotency record keeps of it. */
interface BatchesAnswer<R> {
  /** Written in the same transaction as the entries. */
  extraItems: readonly TransactItem[]
  idempotency: IdempotencyClaim | undefined
  result: () => R
  /** What the idempotency record keeps (see `keepAnswer`). */
  kept: () => unknown
  /** The answer of an earlier request under the same Idempotency-Key, if there is one. */
  replay: () => Promise<R | undefined>
}

/** Times a request whose records landed on some partitions may write the others again. */
const MAX_PARTIAL_ATTEMPTS = 3

/** A 503 whose request may have changed something: with its Idempotency-Key, a retry finds out. */
const outcomeUnknown = (message: string, cause: unknown, details: Record<string, unknown> = {}) =>
  new SluiceError(
    'UNAVAILABLE',
    `${message}; retry with the same Idempotency-Key to learn the outcome`,
    { outcome: 'unknown', ...details },
    { cause },
  )

/** Every batch is in the index: readers waiting on its partitions hear of it, and the answer goes out. */
function appended<R>(deps: EngineDeps, batches: readonly PartitionBatch[], result: () => R): R {
  for (const b of batches) {
    deps.notifier.notify(b.ref.topicId, b.ref.partition)
    deps.events.produced(b.topic.name, b.records.length, batchSize(b))
  }
  return result()
}

const batchSize = (b: PartitionBatch) => b.records.reduce((bytes, r) => bytes + recordSize(r), 0)

/**
 * Reserves offsets for `batches` (beside the S3 PUT of any segment) and writes their entries, with the
 * extra transaction items `extra()` builds once the offsets are known.
 */
async function writeBatches(
  deps: EngineDeps,
  batches: PartitionBatch[],
  now: number,
  writer: string,
  extra: () => TransactItem[],
) {
  const reservedAt = deps.now()
  // The segment needs no offsets, so its PUT runs beside the reservations: a large produce then waits
  // for the longer of the two, not their sum. If a reservation fails, the object is left for the
  // bucket's lifecycle rule, as a crashed writer's would be.
  const placed = putSegments(deps, batches)
  placed.catch(() => undefined)
  // Beside a segment PUT a slow reservation is not what the produce waits for: no hedge for it then.
  const hedge = !batches.some((b) => goesToSegment(deps, b))
  const reserved = await Promise.allSettled(
    batches.map(async (b) => {
      b.base = await reserveOffsets(deps, b, { expiresAt: b.expiresAt, hedge })
    }),
  )
  const failed = reserved.find((r) => r.status === 'rejected')
  if (failed) throw failed.reason
  const writes = entryWrites(batches, await placed, now, writer)
  const items = extra()
  if (deps.now() - reservedAt > deps.timing.writerDeadlineMs) {
    throw unavailable('the append took too long after reserving offsets; retry')
  }
  await deps.index.writeEntries(writes, items)
}

/** The error for an append that certainly appended nothing. */
function refusal(err: unknown, extraItems: number): unknown {
  if (!(err instanceof EntryConflictError)) return err
  // A guard item of the caller's failed (a fenced commit): the caller says what that means.
  if (err.failedExtraItem !== undefined && err.failedExtraItem < extraItems) return err
  return unavailable('the append lost a race for its offsets after a delay; retry')
}

/**
 * Reserves the batch's offsets. A missing head means the topic is gone (404, read once, here), was
 * created again or grew (stale metadata: the produce starts over), or the partition was never written:
 * once the topic is read to still be this incarnation with this partition, its head is created.
 */
async function reserveOffsets(deps: EngineDeps, b: PartitionBatch, options: ReserveOptions): Promise<number> {
  try {
    return await deps.reservations.reserve(b.ref, b.records.length, options)
  } catch (err) {
    if (!(err instanceof PartitionHeadMissingError)) throw err
  }
  // Also refreshes what this instance remembers of the topic.
  const current = await freshTopic(deps, b.topic.name)
  if (current.topicId !== b.topic.topicId || b.ref.partition >= current.partitions) {
    throw new StaleTopicError(b.topic.name)
  }
  await deps.index.createHead(b.ref, deps.now())
  try {
    return await deps.reservations.reserve(b.ref, b.records.length, options)
  } catch (err) {
    if (err instanceof PartitionHeadMissingError) throw new StaleTopicError(b.topic.name)
    throw err
  }
}

/** The index entries of reserved batches: inline, or pointing at their range of a segment put before. */
function entryWrites(
  batches: readonly PartitionBatch[],
  ranges: ReadonlyMap<PartitionBatch, SegmentRange>,
  now: number,
  writer: string,
): EntryWrite[] {
  return batches.map((b): EntryWrite => {
    const timestamps = b.records.map((r) => r.timestamp)
    const segment = ranges.get(b)
    return {
      partition: b.ref,
      writer,
      entry: {
        base: b.base as number,
        count: b.records.length,
        minTimestamp: Math.min(...timestamps),
        maxTimestamp: Math.max(...timestamps),
        appendedAt: now,
        ...(b.expiresAt === undefined ? {} : { expiresAt: b.expiresAt }),
        crc: crc32c(b.bytes),
        ...(segment ? { segment } : { data: b.bytes }),
      },
    }
  })
}
