import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { appendRecords } from '../../functions/engine/append.js'
import { readPartition } from '../../functions/engine/read.js'
import { freshTopic } from '../../functions/engine/topic-cache.js'
import { createTopic } from '../../functions/engine/topics.js'
import { createService } from '../../functions/service.js'
import { provisionStorage } from '../../functions/storage/provision.js'
import { countingClients } from '../support/dynamo-requests.js'

/**
 * Sequencer batching against DynamoDB Local: producers of one partition in one process share
 * reservations (fewer `UpdateItem`s than appends), every append still gets offsets of its own and its
 * own entry, and one producer at a time reserves once per append, as a Lambda instance does.
 */
const counted = countingClients()
const deps = createService(counted.storage, { clients: counted.clients })
const value = (i: number) => new TextEncoder().encode(`record-${i}`)

beforeAll(() => provisionStorage(counted.clients, counted.storage))
afterAll(() => counted.destroy())

const reservations = () => counted.requests.filter((r) => r.command === 'UpdateItem').length

describe('appends to one partition from one process', () => {
  it('share reservations when many run at once, and each record is read back once at its offset', async () => {
    await createTopic(deps, { name: 'batched', partitions: 1 })
    await appendRecords(deps, 'batched', [{ key: null, value: value(-1), headers: {} }])
    counted.reset()
    const producers = 32
    const acks = await Promise.all(
      Array.from({ length: producers }, (_, i) =>
        appendRecords(deps, 'batched', [
          { key: null, value: value(2 * i), headers: {} },
          { key: null, value: value(2 * i + 1), headers: {} },
        ]),
      ),
    )
    expect(reservations()).toBeLessThan(producers)
    expect(counted.requests.filter((r) => r.command === 'PutItem')).toHaveLength(producers)

    const offsets = acks.flatMap((a) => a.records.map((r) => r.offset))
    expect([...offsets].sort((a, b) => a - b)).toEqual(Array.from({ length: 2 * producers }, (_, i) => i + 1))
    const read = await readPartition(deps, await freshTopic(deps, 'batched'), 0, 1, {
      limit: 1000,
      maxBytes: 1 << 20,
    })
    const valueAt = new Map(
      read.records.map((r) => [r.offset, new TextDecoder().decode(r.value ?? undefined)]),
    )
    expect(valueAt.size).toBe(2 * producers)
    acks.forEach((ack, i) => {
      expect(valueAt.get(ack.records[0]?.offset as number)).toBe(`record-${2 * i}`)
      expect(valueAt.get(ack.records[1]?.offset as number)).toBe(`record-${2 * i + 1}`)
    })
  })

  it('reserve once per append when they come one at a time', async () => {
    await createTopic(deps, { name: 'alone', partitions: 1 })
    await appendRecords(deps, 'alone', [{ key: null, value: value(0), headers: {} }])
    counted.reset()
    for (let i = 1; i <= 5; i++)
      await appendRecords(deps, 'alone', [{ key: null, value: value(i), headers: {} }])
    expect(reservations()).toBe(5)
  })
})
