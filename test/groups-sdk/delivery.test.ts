import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type EachMessagePayload, type FencedEvent, readGroupOffsets, Sluice } from '../../sdk/src/index.js'
import { freshTopic, readAll } from '../sdk/support/topics.js'
import { startTestService } from '../support/service.js'
import { eventually, type Member, member, stopAll } from './support.js'

let service: Awaited<ReturnType<typeof startTestService>>
let admin: Sluice

beforeAll(async () => {
  service = await startTestService()
  admin = new Sluice({ url: service.url })
}, 120_000)
afterAll(() => service?.stop())

const LEASE_MS = 3000
const key = (p: { partition: number; offset: number }) => `${p.partition}:${p.offset}`

/** Produces `count` keyed messages in small batches while the test churns the group. */
async function produceSlowly(topic: string, count: number, label: string) {
  const producer = admin.producer({ lingerMs: 0 })
  for (let i = 0; i < count; i += 40) {
    const messages = Array.from({ length: Math.min(40, count - i) }, (_, j) => ({
      key: `rider-${(i + j) % 37}`,
      value: `${label}-${i + j}`,
    }))
    await producer.send({ topic, messages })
    await new Promise((resolve) => setTimeout(resolve, 15))
  }
  await producer.close()
}

function startMember(
  group: string,
  topic: string,
  id: string,
  handler: (m: Member, payload: EachMessagePayload) => Promise<void>,
  delivery: 'at-least-once' | 'at-most-once' = 'at-least-once',
) {
  const m = member(service.url, { groupId: group, memberId: id, leaseMs: LEASE_MS, maxWaitMs: 300 })
  return (async () => {
    await m.consumer.subscribe({ topics: [topic], fromBeginning: true })
    await m.consumer.run({ eachMessage: (payload) => handler(m, payload), delivery })
    return m
  })()
}

/** Where a handler stops (a long GC pause, a frozen VM): `pausing` settles once it is there, `wake` lets it go on. */
function pauseGate() {
  let wake!: () => void
  let reachedPause!: () => void
  const paused = new Promise<void>((resolve) => {
    wake = resolve
  })
  const pausing = new Promise<void>((resolve) => {
    reachedPause = resolve
  })
  return { paused, wake, pausing, reachedPause }
}

describe('delivery semantics under joins, leaves, crashes and rebalances', { timeout: 120_000 }, () => {
  it('a paused member that wakes after its lease expired is fenced and stops processing the partition', async () => {
    const topic = await freshTopic(admin, 'zombie', 1)
    await admin
      .producer()
      .send({ topic, messages: ['m0', 'm1', 'm2', 'm3', 'm4'].map((value) => ({ value })) })
    const { paused, wake, pausing, reachedPause } = pauseGate()
    const zombieSaw: number[] = []
    const zombie = await startMember('zombies', topic, 'zombie', async (m, { message }) => {
      zombieSaw.push(message.offset)
      if (message.offset === 0) {
        // The member's process stops here (a long GC pause, a frozen VM): nothing leaves it.
        m.link.cut()
        reachedPause()
        await paused
      }
    })
    const fenced: FencedEvent[] = []
    zombie.consumer.on('fenced', (event) => fenced.push(event))
    await pausing

    const successorSaw: number[] = []
    const successor = await startMember('zombies', topic, 'successor', async (_m, { message }) => {
      successorSaw.push(message.offset)
    })
    await eventually(async () => {
      const offsets = await admin.execute(readGroupOffsets('zombies', topic))
      expect(offsets).toEqual([{ topic, partition: 0, offset: 5 }])
    })
    zombie.link.heal()
    wake() // the zombie resumes: its commit of offset 1 carries the old epoch
    await eventually(() => expect(fenced).toEqual([{ topic, partition: 0, epoch: expect.any(Number) }]))
    expect(zombieSaw).toEqual([0])
    expect(successorSaw).toEqual([0, 1, 2, 3, 4])
    expect(zombie.consumer.assignment()).toEqual([])
    const offsets = await admin.execute(readGroupOffsets('zombies', topic))
    expect(offsets).toEqual([{ topic, partition: 0, offset: 5 }])
    await stopAll([zombie, successor])
  })

  it('a member restarted under the same memberId fences its paused old process', async () => {
    const topic = await freshTopic(admin, 'restart', 1)
    await admin
      .producer()
      .send({ topic, messages: ['m0', 'm1', 'm2', 'm3', 'm4'].map((value) => ({ value })) })
    const { paused, wake, pausing, reachedPause } = pauseGate()
    const old = await startMember('restarts', topic, 'host-1', async (m, { message }) => {
      if (message.offset === 0) {
        // The process stops here (a long GC pause, a frozen VM), and is restarted by its supervisor.
        m.link.cut()
        reachedPause()
        await paused
      }
    })
    const fenced: FencedEvent[] = []
    old.consumer.on('fenced', (event) => fenced.push(event))
    await pausing

    const restartedSaw: number[] = []
    const restarted = await startMember('restarts', topic, 'host-1', async (_m, { message }) => {
      restartedSaw.push(message.offset)
    })
    await eventually(async () => {
      const offsets = await admin.execute(readGroupOffsets('restarts', topic))
      expect(offsets).toEqual([{ topic, partition: 0, offset: 5 }])
    })
    old.link.heal()
    wake() // the old process resumes: its commit of offset 1 carries its own, older epoch
    await eventually(
      () => expect(fenced).toEqual([{ topic, partition: 0, epoch: expect.any(Number) }]),
      15_000,
    )
    expect(restartedSaw).toEqual([0, 1, 2, 3, 4])
    const offsets = await admin.execute(readGroupOffsets('restarts', topic))
    expect(offsets).toEqual([{ topic, partition: 0, offset: 5 }])
    await stopAll([old, restarted])
  })

  it('at-least-once: no message is lost across joins, leaves, crashes and handler errors', async () => {
    const topic = await freshTopic(admin, 'alo', 8)
    const processed = new Set<string>()
    const failedOnce = new Set<string>()
    const handler = async (_m: Member, { partition, message }: EachMessagePayload) => {
      const id = key({ partition, offset: message.offset })
      // Every 50th message fails its first time: the partition is retried from it after a backoff.
      if (message.offset % 50 === 7 && !failedOnce.has(id)) {
        failedOnce.add(id)
        throw new Error('handler failure injected by the test')
      }
      processed.add(id)
    }
    const members: Member[] = []
    const producing = produceSlowly(topic, 600, 'alo')
    members.push(await startMember('alo', topic, 'a', handler))
    members.push(await startMember('alo', topic, 'b', handler))
    await eventually(() => expect(processed.size).toBeGreaterThan(50))
    members.push(await startMember('alo', topic, 'c', handler))
    await eventually(() => expect(processed.size).toBeGreaterThan(150))
    await (members[0] as Member).consumer.stop() // leaves
    ;(members[1] as Member).link.cut() // crashes
    await eventually(() => expect(processed.size).toBeGreaterThan(250))
    members.push(await startMember('alo', topic, 'd', handler))
    members.push(await startMember('alo', topic, 'e', handler))
    await producing

    const everything = [...(await readAll(admin, topic))].flatMap(([partition, records]) =>
      records.map((r) => key({ partition, offset: r.offset })),
    )
    expect(everything).toHaveLength(600)
    await eventually(() => expect(everything.filter((id) => !processed.has(id))).toEqual([]))
    expect(failedOnce.size).toBeGreaterThan(0)
    await stopAll(members)
  })

  it('at-most-once: no message is processed twice across joins, leaves and crashes', async () => {
    const topic = await freshTopic(admin, 'amo', 8)
    const seen: string[] = []
    const handler = async (_m: Member, { partition, message }: EachMessagePayload) => {
      seen.push(key({ partition, offset: message.offset }))
    }
    const members: Member[] = []
    const producing = produceSlowly(topic, 400, 'amo')
    members.push(await startMember('amo', topic, 'a', handler, 'at-most-once'))
    members.push(await startMember('amo', topic, 'b', handler, 'at-most-once'))
    await eventually(() => expect(seen.length).toBeGreaterThan(50))
    members.push(await startMember('amo', topic, 'c', handler, 'at-most-once'))
    await eventually(() => expect(seen.length).toBeGreaterThan(120))
    ;(members[0] as Member).link.cut()
    await (members[1] as Member).consumer.stop()
    members.push(await startMember('amo', topic, 'd', handler, 'at-most-once'))
    await producing
    // Done when the group has committed the end of every partition.
    const { offsets } = await admin.execute({
      request: { method: 'GET', path: `/v1/topics/${topic}` },
      context: {},
      parse: (r) => r.body as { offsets: Array<{ partition: number; endOffset: number }> },
    })
    await eventually(async () => {
      const committed = await admin.execute(readGroupOffsets('amo', topic))
      expect(committed.map((c) => c.offset)).toEqual(offsets.map((o) => o.endOffset))
    })
    expect(new Set(seen).size).toBe(seen.length)
    expect(seen.length).toBeGreaterThan(200) // most arrive; a crash may lose what it had committed
    await stopAll(members)
  })
})
