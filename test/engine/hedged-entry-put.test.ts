import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DynamoLogIndex } from '../../functions/storage/dynamo-log-index.js'
import { EntryConflictError, type EntryWrite } from '../../functions/storage/log-index.js'
import { stalledDynamo, within } from '../support/stalled-dynamo.js'

/** The first put of a hedged pair hangs (see `stalledDynamo`); the hedge aborts it, so it is replayed. */
let stall: Awaited<ReturnType<typeof stalledDynamo>>

beforeAll(async () => {
  stall = await stalledDynamo('PutItemCommand')
})
afterAll(() => stall.clients.dynamo.destroy())

const partition = { topicId: 'hedged-entries', partition: 0 }
const write = (base: number): EntryWrite => ({
  partition,
  writer: crypto.randomUUID(),
  entry: {
    base,
    count: 1,
    minTimestamp: 1,
    maxTimestamp: 1,
    appendedAt: 1,
    crc: 7,
    data: new TextEncoder().encode(`entry ${base}`),
  },
})

describe('a hedged entry put', () => {
  const index = () =>
    new DynamoLogIndex(stall.clients.doc, stall.storage.table, { entryPut: { afterMs: 30 } })

  it('lands through the second put while the first hangs; the first, applied late, finds its own entry', async () => {
    stall.counts.calls = 0
    stall.stallNext()
    await within(3000, index().writeEntries([write(0)]))
    expect(stall.counts.calls).toBe(2)
    stall.openGate()
    expect(await stall.replayStalled()).toBe(200)
    const [entry] = await index().entriesFrom(partition, 0, 10)
    expect(new TextDecoder().decode(entry?.data)).toBe('entry 0')
  })

  it('still refuses a slot a reader filled with a skip marker, late copies included', async () => {
    expect(await index().fillHole(partition, 1, 1, 1)).toBe(true)
    stall.stallNext()
    const refused = index().writeEntries([write(1)])
    setTimeout(() => stall.openGate(), 200)
    await expect(within(3000, refused)).rejects.toBeInstanceOf(EntryConflictError)
    expect(await stall.replayStalled()).toBe(400)
    const [entry] = await index().entriesFrom(partition, 1, 1)
    expect(entry?.skip).toBe(true)
  })

  it('is not hedged when the entry points into a segment: one put, which lands when the stall ends', async () => {
    stall.counts.calls = 0
    stall.stallNext()
    const { entry: inline, ...write3 } = write(3)
    const { data: _inline, ...entry } = inline
    const put = index().writeEntries([
      { ...write3, entry: { ...entry, segment: { key: 'seg', offset: 0, length: 9 } } },
    ])
    await new Promise((r) => setTimeout(r, 200))
    expect(stall.counts.calls).toBe(1)
    stall.openGate()
    await within(3000, put)
    expect(stall.counts.calls).toBe(1)
  })

  it("refuses another writer's put of the same slot", async () => {
    await index().writeEntries([write(2)])
    await expect(index().writeEntries([write(2)])).rejects.toBeInstanceOf(EntryConflictError)
  })
})
