import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type AwsClients, createAwsClients } from '../../functions/storage/clients.js'
import { DynamoLogIndex } from '../../functions/storage/dynamo-log-index.js'
import { EntryConflictError, type EntryWrite } from '../../functions/storage/log-index.js'
import { provisionStorage } from '../../functions/storage/provision.js'
import { testStorage } from '../support/service.js'

/**
 * DynamoDB's tail latency, injected: the first PutItem after `stallNext()` waits for a gate the test
 * opens (a request that hangs, as DynamoDB's slowest do). The hedge then aborts it, so the test
 * replays its signed HTTP request afterwards: a request that hung on the way may still be applied
 * after the hedge landed.
 */
const storage = testStorage()
let clients: AwsClients
let stalled: Promise<void> | undefined
let openGate: () => void = () => undefined
let puts = 0
/** The HTTP request of the stalled put, as its client's own handler takes it. */
type HttpRequest = Parameters<AwsClients['dynamo']['config']['requestHandler']['handle']>[0]
let stalledRequest: HttpRequest | undefined

beforeAll(async () => {
  clients = createAwsClients(storage)
  await provisionStorage(clients, storage)
  clients.dynamo.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== 'PutItemCommand') return next(args)
      puts++
      const gate = stalled
      stalled = undefined
      if (gate) {
        stalledRequest = args.request as HttpRequest
        await gate
      }
      return next(args)
    },
    { step: 'finalizeRequest', name: 'stallFirstPutItem', priority: 'high' },
  )
})
afterAll(() => clients.dynamo.destroy())

function stallNext() {
  stalled = new Promise<void>((resolve) => {
    openGate = resolve
  })
}

const partition = { topicId: 'hedged-entries', partition: 0 }
const write = (base: number): EntryWrite => ({
  partition,
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

/** Sends the stalled put's HTTP request as it was signed: its status (200, or 400 for a failed condition). */
async function replayStalled(): Promise<number> {
  const { response } = await clients.dynamo.config.requestHandler.handle(stalledRequest as HttpRequest)
  ;(response.body as NodeJS.ReadableStream).resume()
  return response.statusCode
}

const within = <T>(ms: number, promise: Promise<T>) =>
  Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`not done in ${ms} ms`)), ms)),
  ])

describe('a hedged entry put', () => {
  const index = () => new DynamoLogIndex(clients.doc, storage.table, { afterMs: 30 })

  it('lands through the second put while the first hangs; the first, applied late, finds its own entry', async () => {
    puts = 0
    stallNext()
    await within(3000, index().writeEntries([write(0)]))
    expect(puts).toBe(2)
    openGate()
    expect(await replayStalled()).toBe(200)
    const [entry] = await index().entriesFrom(partition, 0, 10)
    expect(new TextDecoder().decode(entry?.data)).toBe('entry 0')
  })

  it('still refuses a slot a reader filled with a skip marker, late copies included', async () => {
    expect(await index().fillHole(partition, 1, 1, 1)).toBe(true)
    stallNext()
    const refused = index().writeEntries([write(1)])
    setTimeout(() => openGate(), 200)
    await expect(within(3000, refused)).rejects.toBeInstanceOf(EntryConflictError)
    expect(await replayStalled()).toBe(400)
    const [entry] = await index().entriesFrom(partition, 1, 1)
    expect(entry?.skip).toBe(true)
  })

  it('is not hedged when the entry points into a segment: one put, which lands when the stall ends', async () => {
    puts = 0
    stallNext()
    const { data: _inline, ...entry } = write(3).entry
    const put = index().writeEntries([
      { partition, entry: { ...entry, segment: { key: 'seg', offset: 0, length: 9 } } },
    ])
    await new Promise((r) => setTimeout(r, 200))
    expect(puts).toBe(1)
    openGate()
    await within(3000, put)
    expect(puts).toBe(1)
  })

  it("refuses another writer's put of the same slot", async () => {
    await index().writeEntries([write(2)])
    await expect(index().writeEntries([write(2)])).rejects.toBeInstanceOf(EntryConflictError)
  })
})
