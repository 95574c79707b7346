import { describe, expect, it } from 'vitest'
import { unavailable } from '../../functions/errors.js'
import type { ServiceDeps } from '../../functions/service.js'
import { createAwsClients } from '../../functions/storage/clients.js'
import type { StorageConfig } from '../../functions/storage/config.js'
import type { EntryWrite } from '../../functions/storage/log-index.js'
import { expectExactlyOnce, readPartition } from '../api/support/log.js'
import { api } from '../support/http.js'
import { startTestService } from '../support/service.js'
import {
  batch,
  instances,
  labelled,
  PARTITIONS,
  produce,
  readAll,
  TOPIC,
  valuesOf,
} from './support/instances.js'
import { Crash, Pause, type StorageHooks } from './support/storage-faults.js'

/**
 * Writers whose entry lands late, or whose answer is lost: a 200 is given exactly when the records
 * are in the log for good, and any other answer leaves nothing readable.
 */

/** The answer of the next `call` is lost once: DynamoDB applied it, the connection dropped on the way back. */
class LoseAnswer implements StorageHooks {
  private armed = true
  constructor(private readonly call: string) {}
  after(call: string) {
    if (!this.armed || call !== this.call) return
    this.armed = false
    throw unavailable('connection reset by peer (injected)')
  }
}

describe('a reader filling a gap of several reservations', () => {
  it('refuses a stalled writer whose reservation lies inside the gap, even after the gap was filled', async () => {
    // One writer is killed right after reserving (a Lambda recycled); another, which reserved just
    // after it, is stalled before its entry write lands (its DynamoDB traffic held: SDK retries under
    // throttling, a slow network) for longer than the hole timeout. A reader then fills the gap
    // that spans both reservations.
    const dies = new Crash()
    const c = await instances(dies)
    const stall = new Pause('index.writeEntries')
    const slow = await c.addWriter(stall)
    expect((await produce(c, c.reader, batch('before', 2))).status).toBe(200)
    dies.arm('index.reserve', 'after')
    expect((await produce(c, c.writer, batch('crashed', 2))).status).not.toBe(200)
    stall.arm()
    const late = produce(c, slow, batch('late', 2))
    await stall.reached
    expect((await produce(c, c.reader, batch('after', 1))).status).toBe(200)

    c.clock.advance(c.readerService.deps.timing.holeTimeoutMs + 1)
    const filled = await readAll(c)
    for (let p = 0; p < PARTITIONS; p++)
      expect(valuesOf(filled, p)).toEqual(labelled(c, p, 'before', 'after'))

    stall.release()
    const answer = await late
    // Whatever the stalled writer answers, everything it acknowledged is read, once, where it said.
    expect(answer.status, JSON.stringify(answer.body)).toBe(503)
    const reads = await readAll(c)
    expectExactlyOnce(c.acks, reads)
    for (let p = 0; p < PARTITIONS; p++) expect(valuesOf(reads, p)).toEqual(labelled(c, p, 'before', 'after'))
  })

  it('keeps an entry that lands in the gap while it is being filled, and reads from inside it', async () => {
    // As above, but the stalled writer's entry lands while a reader is filling the gap: after the
    // reader's stubs took the slots inside its range, before the stub for its own slot (the fill's
    // puts run side by side and one is slow). The writer's put wins its slot, its 200 stands, and
    // the stubs inside its range must not hide its records from a read that starts there.
    const dies = new Crash()
    const c = await instances(dies)
    const stall = new Pause('index.writeEntries')
    const slow = await c.addWriter(stall)
    expect((await produce(c, c.reader, batch('before', 1))).status).toBe(200)
    dies.arm('index.reserve', 'after')
    expect((await produce(c, c.writer, batch('crashed', 2))).status).not.toBe(200)
    stall.arm()
    const late = produce(c, slow, batch('late', 3))
    await stall.reached
    expect((await produce(c, c.reader, batch('after', 1))).status).toBe(200)
    // The slow writer reserved offsets 3..5 of each partition, after 'before' (0) and 'crashed' (1..2).
    const held = holdStubPut(entrySortKey(3))
    const filler = await startTestService({
      storage: c.storage,
      engine: { now: c.clock.now, clients: held.clients(c.storage) },
    })
    try {
      c.clock.advance(c.readerService.deps.timing.holeTimeoutMs + 1)
      const reading = readPartition(api(filler.url), TOPIC, 0)
      await held.reached
      stall.release()
      const answer = await late
      expect(answer.status, JSON.stringify(answer.body)).toBe(200)
      held.release()
      expect((await reading).records.map((r) => r.value)).toEqual(labelled(c, 0, 'before', 'late', 'after'))
    } finally {
      await filler.stop()
    }
    const reads = await readAll(c)
    expectExactlyOnce(c.acks, reads)
    for (let p = 0; p < PARTITIONS; p++) {
      expect(valuesOf(reads, p)).toEqual(labelled(c, p, 'before', 'late', 'after'))
      const inside = await readPartition(c.reader, TOPIC, p, 4)
      expect(inside.records.map((r) => r.value)).toEqual(labelled(c, p, 'late', 'after').slice(1))
    }
  })
})

const entrySortKey = (base: number) => `e#${base.toString().padStart(16, '0')}`

/**
 * Holds the first stub put (of a gap fill) into the slot `sk` until released: one of a fill's puts
 * side by side is slow, and a writer's put of that slot lands before it.
 */
function holdStubPut(sk: string) {
  let reached: () => void = () => undefined
  let release: () => void = () => undefined
  const released = new Promise<void>((resolve) => {
    release = resolve
  })
  let holding = true
  return {
    reached: new Promise<void>((resolve) => {
      reached = resolve
    }),
    release: () => release(),
    clients(storage: StorageConfig) {
      const clients = createAwsClients(storage)
      clients.dynamo.middlewareStack.add(
        (next, context) => async (args) => {
          // Marshalled or not, depending on where the document client's translation runs.
          const item = (args.input as { Item?: Record<string, unknown> }).Item ?? {}
          const plain = (v: unknown) => (typeof v === 'object' && v !== null ? Object.values(v)[0] : v)
          const isStub = plain(item.sk) === sk && plain(item.stub) === true
          if (holding && context.commandName === 'PutItemCommand' && isStub) {
            holding = false
            reached()
            await released
          }
          return next(args)
        },
        { step: 'initialize', name: 'holdStubPut' },
      )
      return clients
    },
  }
}

describe('a writer whose answer is lost', () => {
  it('answers 200 when its entries landed, so that a retry does not append them twice', async () => {
    const c = await instances(new LoseAnswer('index.writeEntries'))
    const answer = await produce(c, c.writer, batch('once', 2))
    expect(answer.status, JSON.stringify(answer.body)).toBe(200)
    expectExactlyOnce(c.acks, await readAll(c))
  })

  it('with an Idempotency-Key, answers 200 from the transaction that landed', async () => {
    const c = await instances(new LoseAnswer('index.writeEntries'))
    const answer = await produce(c, c.writer, batch('keyed', 2), { 'idempotency-key': 'k1' })
    expect(answer.status, JSON.stringify(answer.body)).toBe(200)
    const again = await produce(c, c.reader, batch('keyed', 2), { 'idempotency-key': 'k1' })
    expect(again.body).toEqual(answer.body)
    expectExactlyOnce(c.acks, await readAll(c))
  })
})

describe('a request to several partitions of which one write fails', () => {
  it('writes the failed partition again, so the answer covers every record and a retry is not needed', async () => {
    // DynamoDB throttles the put of one partition's entry past the SDK's retries (a hot key), while
    // the other partition's put lands.
    let failures = 1
    const failOnePartition = (deps: ServiceDeps): ServiceDeps => {
      const writeEntries = deps.index.writeEntries.bind(deps.index)
      const index = Object.create(deps.index)
      index.writeEntries = async (writes: readonly EntryWrite[], extra?: readonly []) => {
        if (writes.length < 2 || failures-- <= 0) return writeEntries(writes, extra)
        await writeEntries(writes.slice(0, 1), extra)
        throw unavailable('storage throttled during index write (injected)')
      }
      return { ...deps, index }
    }
    const c = await instances()
    const service = await startTestService({
      storage: c.storage,
      engine: { now: c.clock.now, wrap: failOnePartition },
      app: { logError: () => undefined },
    })
    try {
      const answer = await produce(c, api(service.url), batch('split', 2))
      expect(answer.status, JSON.stringify(answer.body)).toBe(200)
      expect(failures).toBe(0)
      expectExactlyOnce(c.acks, await readAll(c))
    } finally {
      await service.stop()
    }
  })
})
