import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { appendRecords } from '../../functions/engine/append.js'
import { createTopic } from '../../functions/engine/topics.js'
import { createService } from '../../functions/service.js'
import { DynamoLogIndex } from '../../functions/storage/dynamo-log-index.js'
import { PartitionHeadMissingError, type PartitionRef } from '../../functions/storage/log-index.js'
import { stalledDynamo, within } from '../support/stalled-dynamo.js'

/**
 * The first UpdateItem of a hedged reservation hangs (see `stalledDynamo`) until the test lets it
 * through: a copy of the reservation that reaches DynamoDB late, after its hedge has landed.
 */
let stall: Awaited<ReturnType<typeof stalledDynamo>>

beforeAll(async () => {
  stall = await stalledDynamo('UpdateItemCommand')
})
afterAll(() => stall.clients.dynamo.destroy())

const hedgedIndex = () =>
  new DynamoLogIndex(stall.clients.doc, stall.storage.table, { reservation: { afterMs: 30 } })
const plainIndex = () => new DynamoLogIndex(stall.clients.doc, stall.storage.table)

async function newPartition(topicId: string): Promise<PartitionRef> {
  const partition = { topicId, partition: 0 }
  await plainIndex().createHead(partition, 1)
  return partition
}

async function skipAt(partition: PartitionRef, base: number) {
  for (;;) {
    const [entry] = await plainIndex().entriesFrom(partition, base, 1)
    if (entry) return entry
    await new Promise((r) => setTimeout(r, 20))
  }
}

describe('a hedged reservation', () => {
  it('lands through the second copy while the first hangs; the first, applied late, reserves nothing', async () => {
    const partition = await newPartition('hedged-reservation-late')
    stall.counts.calls = 0
    stall.stallNext()
    expect(await within(3000, hedgedIndex().reserve(partition, 3, 1, { hedge: true }))).toBe(0)
    expect(stall.counts.calls).toBe(2)
    stall.openGate()
    await stall.released()
    expect((await plainIndex().head(partition)).next).toBe(3)
    // The same signed request once more, as the AWS SDK retries one whose answer was lost.
    expect(await stall.replayStalled()).toBe(400)
    expect((await plainIndex().head(partition)).next).toBe(3)
    expect(await plainIndex().reserve(partition, 2, 1)).toBe(3)
  })

  it('answers from the head when the first copy landed and its answer hangs: the second reserves nothing', async () => {
    const partition = await newPartition('hedged-reservation-slow-answer')
    stall.stallNext(true)
    expect(await within(3000, hedgedIndex().reserve(partition, 4, 1, { hedge: true }))).toBe(0)
    stall.openGate()
    await stall.released()
    expect((await plainIndex().head(partition)).next).toBe(4)
  })

  it("skips at once what a late copy reserved after another writer's reservation", async () => {
    const partition = await newPartition('hedged-reservation-interleaved')
    const expiresAt = Date.now() + 3_600_000
    stall.stallNext()
    expect(await within(3000, hedgedIndex().reserve(partition, 2, 1, { expiresAt, hedge: true }))).toBe(0)
    expect(await plainIndex().reserve(partition, 1, 1)).toBe(2)
    stall.openGate()
    await stall.released()
    expect((await plainIndex().head(partition)).next).toBe(5)
    const skip = await within(3000, skipAt(partition, 3))
    expect(skip).toMatchObject({ base: 3, count: 2, skip: true, expiresAt })
    expect(await plainIndex().entriesFrom(partition, 0, 10)).toHaveLength(1)
  })

  it('is not hedged unless the caller waits on it alone: one request, which answers when the stall ends', async () => {
    const partition = await newPartition('hedged-reservation-beside-a-put')
    stall.counts.calls = 0
    stall.stallNext()
    const reserved = hedgedIndex().reserve(partition, 1, 1)
    await new Promise((r) => setTimeout(r, 200))
    expect(stall.counts.calls).toBe(1)
    stall.openGate()
    expect(await within(3000, reserved)).toBe(0)
    expect(stall.counts.calls).toBe(1)
  })

  it('still fails on a partition without a head', async () => {
    const partition = { topicId: 'hedged-reservation-headless', partition: 0 }
    await expect(hedgedIndex().reserve(partition, 1, 1, { hedge: true })).rejects.toBeInstanceOf(
      PartitionHeadMissingError,
    )
  })
})

describe("a produce's reservation", () => {
  const record = (bytes: number) => ({ key: null, value: new Uint8Array(bytes).fill(97), headers: {} })

  it('is hedged when the produce waits on it alone, not beside a segment PUT', async () => {
    const deps = createService(stall.storage, { clients: stall.clients, timing: { reservationHedgeMs: 30 } })
    await createTopic(deps, { name: 'hedged-produce' })
    await appendRecords(deps, 'hedged-produce', [record(10)])

    stall.counts.calls = 0
    stall.stallNext()
    await within(3000, appendRecords(deps, 'hedged-produce', [record(1024)]))
    expect(stall.counts.calls).toBe(2)
    stall.openGate()
    await stall.released()

    stall.counts.calls = 0
    stall.stallNext()
    const large = appendRecords(deps, 'hedged-produce', [record(20 * 1024)])
    await new Promise((r) => setTimeout(r, 200))
    expect(stall.counts.calls).toBe(1)
    stall.openGate()
    const { records } = await within(3000, large)
    expect(records[0]?.offset).toBe(2)
  })
})
