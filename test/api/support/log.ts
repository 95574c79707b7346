import { expect } from 'vitest'
import type { api } from '../../support/http.js'

type Call = ReturnType<typeof api>

/** A record as GET .../records answers it. */
export interface FetchedRecord {
  offset: number
  timestamp: number
  key: string | null
  value: string | null
  headers: Record<string, string>
}

export interface PartitionRead {
  records: FetchedRecord[]
  nextOffset: number
  endOffset: number
}

/**
 * Reads a partition from `from` the way a consumer does, following `nextOffset` until a fetch brings
 * nothing new, and asserts on the way what every fetch promises: offsets strictly increase, within a
 * fetch and across fetches.
 */
export async function readPartition(
  call: Call,
  topic: string,
  partition: number,
  from = 0,
  query = 'limit=10000',
): Promise<PartitionRead> {
  const records: FetchedRecord[] = []
  let offset = from
  for (;;) {
    const page = await call(
      'GET',
      `/v1/topics/${topic}/partitions/${partition}/records?offset=${offset}&${query}`,
    )
    expect(page.status, JSON.stringify(page.body)).toBe(200)
    for (const record of page.body.records as FetchedRecord[]) {
      expect(record.offset).toBeGreaterThanOrEqual(offset)
      expect(record.offset).toBeGreaterThan(records.at(-1)?.offset ?? -1)
      records.push(record)
    }
    expect(page.body.nextOffset).toBeGreaterThanOrEqual(offset)
    if (page.body.records.length === 0 && page.body.nextOffset === offset) {
      return { records, nextOffset: offset, endOffset: page.body.endOffset }
    }
    offset = page.body.nextOffset
  }
}

/** Where the service said it put a record: what a 200 on produce acknowledges. */
export interface Ack {
  partition: number
  offset: number
}

/**
 * Every acknowledged record is read back exactly once, at its acknowledged offset; nothing is read
 * that was not acknowledged (values are unique per test); no offset holds two records.
 */
export function expectExactlyOnce(
  acks: ReadonlyMap<string, Ack>,
  reads: ReadonlyMap<number, FetchedRecord[]>,
) {
  const seen = new Map<string, Ack>()
  for (const [partition, records] of reads) {
    const offsets = records.map((r) => r.offset)
    expect(new Set(offsets).size, `partition ${partition} repeats an offset`).toBe(offsets.length)
    for (const record of records) {
      const value = record.value as string
      expect(seen.has(value), `${value} read twice`).toBe(false)
      seen.set(value, { partition, offset: record.offset })
    }
  }
  const unacknowledged = [...seen.keys()].filter((value) => !acks.has(value))
  expect(unacknowledged, 'records read that were never acknowledged').toEqual([])
  const misplaced = [...acks].filter(([value, ack]) => {
    const read = seen.get(value)
    return read?.partition !== ack.partition || read.offset !== ack.offset
  })
  expect(misplaced, 'acknowledged records lost or read at another offset').toEqual([])
}
