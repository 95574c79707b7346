import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningService } from '../../functions/local/serve.js'
import { api } from '../support/http.js'
import { startTestService } from '../support/service.js'
import { type Ack, expectExactlyOnce, type FetchedRecord, readPartition } from './support/log.js'

/**
 * Many producers appending to the same partitions at once, with readers following the log while it
 * grows: every acknowledged record is read back exactly once at its offset, no offset holds two
 * records, and no reader ever sees an offset change its record or skips past a record.
 */

let service: RunningService
let call: ReturnType<typeof api>

beforeAll(async () => {
  service = await startTestService()
  call = api(service.url)
})
afterAll(() => service.stop())

const PRODUCERS = 24
const REQUESTS_PER_PRODUCER = 5

interface RecordSpec {
  key?: string
  value: string
  partition?: number
}

/** Runs the producers; returns what was acknowledged, checking each 200 keeps request order per partition. */
async function runProducers(topic: string, recordsFor: (producer: number, request: number) => RecordSpec[]) {
  const acks = new Map<string, Ack>()
  let refused = 0
  await Promise.all(
    Array.from({ length: PRODUCERS }, async (_, producer) => {
      for (let request = 0; request < REQUESTS_PER_PRODUCER; request++) {
        const records = recordsFor(producer, request)
        const answer = await call('POST', `/v1/topics/${topic}/records`, { records })
        if (answer.status !== 200) {
          // Only a retriable refusal is acceptable (a writer past its deadline); its records must never appear.
          expect(answer.body.error.retriable, JSON.stringify(answer.body)).toBe(true)
          refused++
          continue
        }
        const lastOffset = new Map<number, number>()
        answer.body.records.forEach((ack: Ack, i: number) => {
          expect(ack.offset).toBeGreaterThan(lastOffset.get(ack.partition) ?? -1)
          lastOffset.set(ack.partition, ack.offset)
          acks.set((records[i] as RecordSpec).value, { partition: ack.partition, offset: ack.offset })
        })
      }
    }),
  )
  const total = PRODUCERS * REQUESTS_PER_PRODUCER
  expect(refused, `${refused} of ${total} requests refused`).toBeLessThan(total / 2)
  return acks
}

/**
 * A consumer following a partition from 0 while it is written: offsets only increase, and every
 * offset it sees holds the record every other reader saw there. Stops once the writers are done and
 * a fetch started after that brings nothing new.
 */
async function follow(
  topic: string,
  partition: number,
  writersDone: () => boolean,
  seenAt: Map<string, string>,
): Promise<FetchedRecord[]> {
  const records: FetchedRecord[] = []
  let offset = 0
  for (;;) {
    const finished = writersDone()
    const page = await call(
      'GET',
      `/v1/topics/${topic}/partitions/${partition}/records?offset=${offset}&waitMs=100`,
    )
    expect(page.status, JSON.stringify(page.body)).toBe(200)
    for (const record of page.body.records as FetchedRecord[]) {
      expect(record.offset).toBeGreaterThan(records.at(-1)?.offset ?? -1)
      const where = `${partition}#${record.offset}`
      const earlier = seenAt.get(where)
      if (earlier !== undefined) expect(record.value, `offset ${where} changed`).toBe(earlier)
      seenAt.set(where, record.value as string)
      records.push(record)
    }
    if (finished && page.body.records.length === 0 && page.body.nextOffset === offset) return records
    offset = page.body.nextOffset
  }
}

async function produceWhileReading(
  topic: string,
  partitions: number,
  readersPerPartition: number,
  recordsFor: (producer: number, request: number) => RecordSpec[],
) {
  let done = false
  const seenAt = new Map<string, string>()
  const readers = Array.from({ length: partitions * readersPerPartition }, (_, i) =>
    follow(topic, i % partitions, () => done, seenAt).then((records) => ({
      partition: i % partitions,
      records,
    })),
  )
  const acks = await runProducers(topic, recordsFor).finally(() => {
    done = true
  })
  const followed = await Promise.all(readers)

  const final = new Map<number, FetchedRecord[]>()
  for (let p = 0; p < partitions; p++) final.set(p, (await readPartition(call, topic, p)).records)
  expectExactlyOnce(acks, final)
  // A reader that followed the log as it grew has read exactly what is there now: it skipped nothing.
  for (const { partition, records } of followed) expect(records).toEqual(final.get(partition))
  return { acks }
}

describe('concurrent producers', () => {
  it(`${PRODUCERS} producers on one partition, with readers following`, async () => {
    await call('POST', '/v1/topics', { name: 'one-partition' })
    const { acks } = await produceWhileReading('one-partition', 1, 3, (producer, request) =>
      Array.from({ length: 1 + ((producer + request) % 3) }, (_, i) => ({
        value: `p${producer}-q${request}-r${i}`,
      })),
    )
    expect(acks.size).toBeGreaterThan(0)
  })

  it(`${PRODUCERS} producers over four partitions, keyed and unkeyed, with readers following`, async () => {
    await call('POST', '/v1/topics', { name: 'four-partitions', partitions: 4 })
    const { acks } = await produceWhileReading('four-partitions', 4, 1, (producer, request) =>
      Array.from({ length: 1 + ((producer * 7 + request) % 5) }, (_, i) => ({
        ...(i % 3 === 2 ? {} : { key: `key-${(producer * 31 + request * 7 + i) % 17}` }),
        value: `p${producer}-q${request}-r${i}`,
      })),
    )
    expect(new Set([...acks.values()].map((a) => a.partition)).size).toBe(4)
  })
})
