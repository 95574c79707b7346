import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { appendRecords } from '../../functions/engine/append.js'
import type { AppendRecord } from '../../functions/engine/append-types.js'
import type { EngineDeps } from '../../functions/engine/deps.js'
import { fetchRecords } from '../../functions/engine/fetch.js'
import { offsetForTimestamp, type ReadResult } from '../../functions/engine/read.js'
import { createTopic, requireTopic, topicOffsets } from '../../functions/engine/topics.js'
import { SluiceError } from '../../functions/errors.js'
import { createService } from '../../functions/service.js'
import { type AwsClients, createAwsClients } from '../../functions/storage/clients.js'
import type { StorageConfig } from '../../functions/storage/config.js'
import { provisionStorage } from '../../functions/storage/provision.js'
import { partitionForKey } from '../../sdk/src/partitioner.js'
import { testStorage } from '../support/service.js'
import { ManualClock } from './support/storage-faults.js'

/**
 * Random sequences of produce, fetch, offset lookups, time passing (retention) and restarts, run
 * against the engine on DynamoDB Local and s3rver and against a model that is a list of records per
 * partition. Time is a manual clock, started a month ahead so that DynamoDB Local's own TTL deletion
 * (which runs on the wall clock) never removes an entry the model still holds.
 */

const utf8 = new TextEncoder()

interface ModelRecord {
  offset: number
  timestamp: number
  key: Uint8Array | null
  value: Uint8Array | null
  headers: Record<string, string>
  appendedAt: number
}

/** What the log should hold: per partition, every record ever appended and the next offset. */
class LogModel {
  readonly partitions: { records: ModelRecord[]; next: number }[]

  constructor(
    count: number,
    readonly retentionMs: number,
  ) {
    this.partitions = Array.from({ length: count }, () => ({ records: [], next: 0 }))
  }

  isLive(r: ModelRecord, now: number) {
    return this.retentionMs === -1 || r.appendedAt + this.retentionMs > now
  }

  bounds(p: number, now: number) {
    const { records, next } = this.partitions[p] as LogModel['partitions'][number]
    const firstLive = records.find((r) => this.isLive(r, now))
    return { startOffset: firstLive?.offset ?? next, endOffset: next }
  }

  live(p: number, now: number) {
    return (this.partitions[p]?.records ?? []).filter((r) => this.isLive(r, now))
  }
}

/** The engine's record size: bytes of key and value plus the characters of header names and values. */
const sizeOf = (r: Pick<ModelRecord, 'key' | 'value' | 'headers'>) =>
  (r.key?.length ?? 0) +
  (r.value?.length ?? 0) +
  Object.entries(r.headers).reduce((sum, [k, v]) => sum + k.length + v.length, 0)

/** Deterministic bytes of a given size, different for each seed. */
const bytes = (size: number, seed: number) =>
  Uint8Array.from({ length: size }, (_, i) => (i * 31 + seed) & 0xff)

const recordArb = fc.record({
  key: fc.option(fc.constantFrom('a', 'b', 'rider-1', 'rider-2', 'k\u00e9y'), { nil: null }),
  // Mostly small; sometimes over the 8 KiB inline threshold on its own, so the batch goes to S3.
  valueSize: fc.oneof(
    { weight: 8, arbitrary: fc.integer({ min: 0, max: 300 }) },
    { weight: 1, arbitrary: fc.integer({ min: 8300, max: 20_000 }) },
  ),
  tombstone: fc.boolean().map((b) => b && Math.random() < 0.2),
  seed: fc.integer({ min: 0, max: 255 }),
  headers: fc.dictionary(
    fc.constantFrom('source', 'trace', 'v'),
    fc.string({ maxLength: 8, unit: fc.constantFrom('x', 'y', '1') }),
    { maxKeys: 2 },
  ),
  partition: fc.option(fc.nat(), { nil: undefined }),
  timestamp: fc.option(fc.integer({ min: 0, max: 2_000_000_000_000 }), { nil: undefined }),
})

const opArb = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('produce' as const),
      records: fc.array(recordArb, { minLength: 1, maxLength: 12 }),
    }),
  },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('fetch' as const),
      partition: fc.nat(),
      where: fc.constantFrom('below-start', 'start', 'inside', 'end', 'above-end'),
      at: fc.double({ min: 0, max: 1, noNaN: true }),
      limit: fc.integer({ min: 1, max: 15 }),
      maxBytes: fc.option(fc.integer({ min: 1, max: 3000 }), { nil: undefined }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('bounds' as const) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('lookup' as const),
      partition: fc.nat(),
      timestamp: fc.integer({ min: 0, max: 2_000_000_000_000 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('advance' as const),
      // Exactly the retention periods too, to hit the moment a record expires.
      ms: fc.oneof(fc.integer({ min: 0, max: 30_000 }), fc.constantFrom(1, 4999, 5000, 20_000)),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('restart' as const) }) },
)

type Op = typeof opArb extends fc.Arbitrary<infer T> ? T : never

let storage: StorageConfig
let clients: AwsClients
let deps: EngineDeps
const clock = new ManualClock(Date.now() + 30 * 24 * 3600 * 1000)
let topicCounter = 0

/** A new engine instance over the same storage: what a restarted process (or a cold Lambda) has. */
function restart() {
  clients?.dynamo.destroy()
  clients?.s3.destroy()
  clients = createAwsClients(storage)
  deps = createService(storage, { clients, now: clock.now })
}

beforeAll(async () => {
  storage = testStorage()
  await provisionStorage(createAwsClients(storage), storage)
  restart()
})
afterAll(() => {
  clients.dynamo.destroy()
  clients.s3.destroy()
})

async function produce(topic: string, model: LogModel, op: Extract<Op, { kind: 'produce' }>) {
  const partitions = model.partitions.length
  const records: AppendRecord[] = op.records.map((r) => ({
    key: r.key === null ? null : utf8.encode(r.key),
    value: r.tombstone ? null : bytes(r.valueSize, r.seed),
    headers: r.headers,
    ...(r.partition === undefined ? {} : { partition: r.partition % partitions }),
    ...(r.timestamp === undefined ? {} : { timestamp: r.timestamp }),
  }))
  const now = clock.now()
  const { records: acks } = await appendRecords(deps, topic, records)
  expect(acks).toHaveLength(records.length)
  const nullKeyPartitions = new Set<number>()
  acks.forEach((ack, i) => {
    const record = records[i] as AppendRecord
    if (record.partition !== undefined) expect(ack.partition).toBe(record.partition)
    else if (record.key !== null) expect(ack.partition).toBe(partitionForKey(record.key, partitions))
    else nullKeyPartitions.add(ack.partition)
    const partition = model.partitions[ack.partition] as LogModel['partitions'][number]
    // Offsets continue from the partition's end, whatever retention removed (invariant 1).
    expect(ack.offset).toBe(partition.next)
    expect(ack.timestamp).toBe(record.timestamp ?? now)
    partition.records.push({ ...record, offset: partition.next, timestamp: ack.timestamp, appendedAt: now })
    partition.next++
  })
  expect(nullKeyPartitions.size).toBeLessThanOrEqual(1)
}

function offsetFor(op: Extract<Op, { kind: 'fetch' }>, bounds: { startOffset: number; endOffset: number }) {
  const { startOffset, endOffset } = bounds
  switch (op.where) {
    case 'below-start':
      return startOffset > 0 ? Math.floor(op.at * startOffset) : undefined
    case 'start':
      return startOffset
    case 'inside':
      return startOffset + Math.floor(op.at * (endOffset - startOffset))
    case 'end':
      return endOffset
    case 'above-end':
      return endOffset + 1 + Math.floor(op.at * 5)
  }
}

async function fetchAndCompare(topic: string, model: LogModel, op: Extract<Op, { kind: 'fetch' }>) {
  const partition = op.partition % model.partitions.length
  const now = clock.now()
  const bounds = model.bounds(partition, now)
  const offset = offsetFor(op, bounds)
  if (offset === undefined) return
  const request = { from: offset, limit: op.limit, maxBytes: op.maxBytes ?? 1024 * 1024, waitMs: 0 }
  let outcome: ReadResult | SluiceError
  try {
    outcome = await fetchRecords(deps, topic, partition, request)
  } catch (err) {
    if (!(err instanceof SluiceError)) throw err
    outcome = err
  }

  if (offset < bounds.startOffset || offset > bounds.endOffset) {
    expect(outcome).toBeInstanceOf(SluiceError)
    expect((outcome as SluiceError).toJSON().error).toMatchObject({ code: 'OFFSET_OUT_OF_RANGE', ...bounds })
    return
  }
  if (outcome instanceof SluiceError) throw outcome
  const expected: ModelRecord[] = []
  let size = 0
  for (const r of model.live(partition, now).filter((r) => r.offset >= offset)) {
    if (expected.length >= op.limit || (expected.length > 0 && size + sizeOf(r) > request.maxBytes)) break
    expected.push(r)
    size += sizeOf(r)
  }
  const reachedEnd = (expected.at(-1)?.offset ?? offset - 1) + 1 >= bounds.endOffset
  expect(
    outcome.records.map(({ offset, timestamp, key, value, headers }) => ({
      offset,
      timestamp,
      key,
      value,
      headers,
    })),
  ).toEqual(
    expected.map(({ offset, timestamp, key, value, headers }) => ({
      offset,
      timestamp,
      key,
      value,
      headers,
    })),
  )
  expect(outcome.nextOffset).toBe(reachedEnd ? bounds.endOffset : (expected.at(-1)?.offset as number) + 1)
  expect(outcome.startOffset).toBe(bounds.startOffset)
  // The high watermark, whether or not the fetch stopped for its limits.
  expect(outcome.endOffset).toBe(bounds.endOffset)
}

async function run(topic: string, model: LogModel, op: Op) {
  switch (op.kind) {
    case 'produce':
      return produce(topic, model, op)
    case 'fetch':
      return fetchAndCompare(topic, model, op)
    case 'bounds': {
      const offsets = await topicOffsets(deps, await requireTopic(deps, topic))
      expect(offsets).toEqual(
        model.partitions.map((_, p) => ({ partition: p, ...model.bounds(p, clock.now()) })),
      )
      return
    }
    case 'lookup': {
      const partition = op.partition % model.partitions.length
      const now = clock.now()
      const found = await offsetForTimestamp(deps, await requireTopic(deps, topic), partition, op.timestamp)
      const first = model.live(partition, now).find((r) => r.timestamp >= op.timestamp)
      expect(found).toBe(first?.offset ?? model.bounds(partition, now).endOffset)
      return
    }
    case 'advance':
      return clock.advance(op.ms)
    case 'restart':
      return restart()
  }
}

describe('the log against a model', () => {
  it('agrees on offsets, contents, bounds and 416s through produce, fetch, retention and restarts', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 3 }),
        fc.constantFrom(-1, 5000, 20_000),
        fc.array(opArb, { minLength: 4, maxLength: 14 }),
        async (partitions, retentionMs, ops) => {
          const topic = `model-${topicCounter++}`
          await createTopic(deps, { name: topic, partitions, retentionMs })
          const model = new LogModel(partitions, retentionMs)
          for (const op of ops) await run(topic, model, op)
          // Every run ends by checking every bound, and every partition read from its start.
          await run(topic, model, { kind: 'bounds' })
          for (let p = 0; p < partitions; p++) {
            await run(topic, model, {
              kind: 'fetch',
              partition: p,
              where: 'start',
              at: 0,
              limit: 15,
              maxBytes: undefined,
            })
          }
        },
      ),
      { numRuns: 20 },
    )
  }, 240_000)

  it('continues offsets after retention has emptied a partition, also across a restart (invariant 1)', async () => {
    const topic = `drained-${topicCounter++}`
    await createTopic(deps, { name: topic, retentionMs: 1000 })
    const meta = await requireTopic(deps, topic)
    const value = (text: string) => ({ key: null, value: utf8.encode(text), headers: {} })
    await appendRecords(deps, topic, [value('a'), value('b'), value('c')])

    clock.advance(1000)
    expect(await topicOffsets(deps, meta)).toEqual([{ partition: 0, startOffset: 3, endOffset: 3 }])
    const appended = await appendRecords(deps, topic, [value('d')])
    expect(appended.records[0]?.offset).toBe(3)

    clock.advance(1000)
    restart()
    expect(await topicOffsets(deps, meta)).toEqual([{ partition: 0, startOffset: 4, endOffset: 4 }])
    const afterRestart = await appendRecords(deps, topic, [value('e'), value('f')])
    expect(afterRestart.records.map((r) => r.offset)).toEqual([4, 5])
    const read = await fetchRecords(deps, topic, 0, {
      from: 'earliest',
      limit: 10,
      maxBytes: 1024,
      waitMs: 0,
    })
    expect(read.records.map((r) => [r.offset, new TextDecoder().decode(r.value as Uint8Array)])).toEqual([
      [4, 'e'],
      [5, 'f'],
    ])
    const below = await fetchRecords(deps, topic, 0, { from: 3, limit: 10, maxBytes: 1024, waitMs: 0 }).catch(
      (e: unknown) => e,
    )
    expect((below as SluiceError).toJSON().error).toMatchObject({
      code: 'OFFSET_OUT_OF_RANGE',
      startOffset: 4,
      endOffset: 6,
    })
  })
})
