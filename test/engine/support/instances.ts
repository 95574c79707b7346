import { afterEach, expect } from 'vitest'
import type { RunningService } from '../../../functions/local/serve.js'
import type { StorageConfig } from '../../../functions/storage/config.js'
import { type Ack, type FetchedRecord, readPartition } from '../../api/support/log.js'
import { api } from '../../support/http.js'
import { startTestService, testStorage } from '../../support/service.js'
import { interceptStorage, ManualClock, type StorageHooks } from './storage-faults.js'

/**
 * Instances of the service on one table and bucket, as Lambda instances are: writers whose storage
 * calls pass through failure hooks, and a reader whose calls do not. Time is a manual clock they all
 * share, so "younger than the hole timeout" is exact.
 */

export const TOPIC = 'log'
export const PARTITIONS = 2

const running: RunningService[] = []
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()))
})

type Call = ReturnType<typeof api>

export interface Instances {
  storage: StorageConfig
  clock: ManualClock
  writer: Call
  reader: Call
  readerService: RunningService
  stopWriter(): Promise<void>
  /** One more writer on the same storage and clock, its calls through `hooks`. */
  addWriter(...hooks: StorageHooks[]): Promise<Call>
  /** What 200s acknowledged: value to where. */
  acks: Map<string, Ack>
}

/** A writer hooked with `hooks` and a reader, with topic TOPIC of PARTITIONS partitions. */
export async function instances(...hooks: StorageHooks[]): Promise<Instances> {
  const storage = testStorage()
  const clock = new ManualClock()
  const startWriter = async (writerHooks: StorageHooks[]) => {
    const service = await startTestService({
      storage,
      engine: { now: clock.now, wrap: interceptStorage(...writerHooks) },
      // The writer's failures are the point of these tests; the reader's would still be reported.
      app: { logError: () => undefined },
    })
    running.push(service)
    return service
  }
  const writerService = await startWriter(hooks)
  const readerService = await startTestService({ storage, engine: { now: clock.now } })
  running.push(readerService)
  const reader = api(readerService.url)
  expect((await reader('POST', '/v1/topics', { name: TOPIC, partitions: PARTITIONS })).status).toBe(201)
  return {
    storage,
    clock,
    writer: api(writerService.url),
    reader,
    readerService,
    stopWriter: () => writerService.stop(),
    addWriter: async (...writerHooks) => api((await startWriter(writerHooks)).url),
    acks: new Map(),
  }
}

/** Produces through `via`, recording what a 200 acknowledges; answers the response. */
export async function produce(
  c: Instances,
  via: Call,
  records: { value: string; partition: number }[],
  headers: Record<string, string> = {},
) {
  const answer = await via('POST', `/v1/topics/${TOPIC}/records`, { records }, headers)
  if (answer.status === 200) {
    answer.body.records.forEach((ack: Ack, i: number) => {
      c.acks.set((records[i] as { value: string }).value, ack)
    })
  }
  return answer
}

/** `perPartition` records for each partition, values `<label>-<i><value>`. */
export const batch = (label: string, perPartition: number, value = '') =>
  Array.from({ length: PARTITIONS * perPartition }, (_, i) => ({
    value: `${label}-${i}${value}`,
    partition: i % PARTITIONS,
  }))

export async function readAll(c: Instances) {
  const reads = new Map<number, FetchedRecord[]>()
  for (let p = 0; p < PARTITIONS; p++) reads.set(p, (await readPartition(c.reader, TOPIC, p)).records)
  return reads
}

export const valuesOf = (reads: Map<number, FetchedRecord[]>, p: number) => reads.get(p)?.map((r) => r.value)

/** The acknowledged values of partition `p` with these labels, in offset order. */
export const labelled = (c: Instances, p: number, ...labels: string[]) =>
  labels.flatMap((label) =>
    [...c.acks]
      .filter(([v, a]) => v.startsWith(label) && a.partition === p)
      .sort(([, a], [, b]) => a.offset - b.offset)
      .map(([v]) => v),
  )
