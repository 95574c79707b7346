import { afterAll, beforeAll, describe, expect, it } from 'vitest'
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
    expect(await within(3000, hedgedIndex().reserve(partition, 3, 1))).toBe(0)
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
    expect(await within(3000, hedgedIndex().reserve(partition, 4, 1))).toBe(0)
    stall.openGate()
    await stall.released()
    expect((await plainIndex().head(partition)).next).toBe(4)
  })

  it("skips at once what a late copy reserved after another writer's reservation", async () => {
    const partition = await newPartition('hedged-reservation-interleaved')
    const expiresAt = Date.now() + 3_600_000
    stall.stallNext()
    expect(await within(3000, hedgedIndex().reserve(partition, 2, 1, expiresAt))).toBe(0)
    expect(await plainIndex().reserve(partition, 1, 1)).toBe(2)
    stall.openGate()
    await stall.released()
    expect((await plainIndex().head(partition)).next).toBe(5)
    const skip = await within(3000, skipAt(partition, 3))
    expect(skip).toMatchObject({ base: 3, count: 2, skip: true, expiresAt })
    expect(await plainIndex().entriesFrom(partition, 0, 10)).toHaveLength(1)
  })

  it('still fails on a partition without a head', async () => {
    const partition = { topicId: 'hedged-reservation-headless', partition: 0 }
    await expect(hedgedIndex().reserve(partition, 1, 1)).rejects.toBeInstanceOf(PartitionHeadMissingError)
  })
})
