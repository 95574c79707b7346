import { ListObjectsV2Command } from '@aws-sdk/client-s3'
import { describe, expect, it } from 'vitest'
import { createAwsClients } from '../../functions/storage/clients.js'
import { type Ack, expectExactlyOnce } from '../api/support/log.js'
import {
  batch,
  type Instances,
  instances,
  labelled,
  PARTITIONS,
  produce,
  readAll,
  TOPIC,
  valuesOf,
} from './support/instances.js'
import { Crash, Pause } from './support/storage-faults.js'

/**
 * A writer that dies or stalls between the steps of an append (reserve offsets, put the S3 segment,
 * write the index entries), with a second instance on the same storage carrying on: nothing
 * acknowledged is lost, readers wait at the hole until it is older than the hole timeout and then
 * fill it and go on, nothing is read twice, and a writer whose slot was filled is never acknowledged.
 * Time is a manual clock shared by both instances, so "younger than the timeout" is exact.
 */

const LARGE = 'L'.repeat(10 * 1024)

/** Where each partition's hole starts (the end of the `before` records) if `after` records lie beyond it. */
function holesBefore(c: Instances): Map<number, number> {
  const holes = new Map<number, number>()
  for (let p = 0; p < PARTITIONS; p++) {
    const offsets = (label: string) =>
      [...c.acks].filter(([v, a]) => v.startsWith(label) && a.partition === p).map(([, a]) => a.offset)
    const end = Math.max(-1, ...offsets('before')) + 1
    if (Math.min(...offsets('after')) > end) holes.set(p, end)
  }
  return holes
}

/**
 * With `before` records, a failed append leaving holes, and `after` records beyond them: while the
 * holes are not older than the timeout a reader stops at each; once they are, it fills them and reads on.
 */
async function expectReadersWaitThenFill(c: Instances) {
  const holes = holesBefore(c)
  expect(holes.size, 'the failed append left no hole').toBeGreaterThan(0)
  const { holeTimeoutMs } = c.readerService.deps.timing

  const expectStoppedAtHoles = async () => {
    const reads = await readAll(c)
    for (let p = 0; p < PARTITIONS; p++) {
      const hole = holes.get(p)
      const expected = hole === undefined ? labelled(c, p, 'before', 'after') : labelled(c, p, 'before')
      expect(valuesOf(reads, p), `partition ${p}`).toEqual(expected)
      if (hole === undefined) continue
      const atHole = await c.reader('GET', `/v1/topics/${TOPIC}/partitions/${p}/records?offset=${hole}`)
      expect(atHole.body).toMatchObject({ records: [], nextOffset: hole, endOffset: hole })
      const described = await c.reader('GET', `/v1/topics/${TOPIC}`)
      expect(described.body.offsets[p]).toEqual({ partition: p, startOffset: 0, endOffset: hole })
    }
  }
  await expectStoppedAtHoles()
  c.clock.advance(holeTimeoutMs)
  await expectStoppedAtHoles()

  c.clock.advance(1)
  const filled = await readAll(c)
  expectExactlyOnce(c.acks, filled)
  for (let p = 0; p < PARTITIONS; p++) expect(valuesOf(filled, p)).toEqual(labelled(c, p, 'before', 'after'))
}

const crashes = [
  {
    step: 'after the reservation',
    // The Lambda is killed (timeout, out of memory, instance recycled) just after DynamoDB applied
    // the reservation and before its answer was used: offsets are reserved, nothing else happened.
    call: 'index.reserve',
    when: 'after' as const,
    value: '',
  },
  {
    step: 'after the S3 put',
    // The Lambda is killed after the segment reached S3 but before any index entry points at it:
    // an orphan object (the lifecycle rule's business) and reserved offsets with no entry.
    call: 'segments.put',
    when: 'after' as const,
    value: LARGE,
  },
  {
    step: 'before the index write',
    // The Lambda is killed (or loses the network) with the entries and idempotency record built but
    // the TransactWriteItems never sent.
    call: 'index.writeEntries',
    when: 'before' as const,
    value: '',
  },
]

describe('a writer crashing between the steps of an append', () => {
  it.each(crashes)(
    '$step: nothing acknowledged is lost, readers wait at the hole, then fill it',
    async (crash) => {
      const dies = new Crash()
      const c = await instances(dies)
      expect((await produce(c, c.writer, batch('before', 3))).status).toBe(200)

      dies.arm(crash.call, crash.when)
      const crashedRecords = batch('crashed', 2, crash.value)
      const crashed = await produce(c, c.writer, crashedRecords, { 'idempotency-key': 'retry-me' })
      expect(crashed.status).not.toBe(200)
      expect(dies.dead).toBe(true)
      // The dead process makes no further storage call; whatever it answers, it acknowledges nothing.
      expect((await produce(c, c.writer, batch('zombie', 1))).status).not.toBe(200)
      await c.stopWriter()

      if (crash.call === 'segments.put') {
        const { s3 } = createAwsClients(c.storage)
        const objects = await s3.send(new ListObjectsV2Command({ Bucket: c.storage.bucket }))
        expect(objects.Contents?.length).toBe(1)
      }

      expect((await produce(c, c.reader, batch('after', 2))).status).toBe(200)
      await expectReadersWaitThenFill(c)

      // The client retries the crashed request (same Idempotency-Key) on the surviving instance: it lands
      // once, after the holes, and a second retry is answered from the first.
      const retried = await produce(c, c.reader, crashedRecords, { 'idempotency-key': 'retry-me' })
      expect(retried.status).toBe(200)
      const again = await c.reader(
        'POST',
        `/v1/topics/${TOPIC}/records`,
        { records: crashedRecords },
        { 'idempotency-key': 'retry-me' },
      )
      expect(again.body).toEqual(retried.body)
      expectExactlyOnce(c.acks, await readAll(c))
    },
  )
})

describe('a writer stalled between the steps of an append', () => {
  it('whose slot a reader filled after the hole timeout is refused, never acknowledged', async () => {
    // The Lambda is frozen (GC pause, CPU starvation, a network stall) after reserving and before its
    // conditional entry write lands, for longer than the hole timeout.
    const stall = new Pause('index.writeEntries')
    const c = await instances(stall)
    expect((await produce(c, c.writer, batch('before', 2))).status).toBe(200)
    stall.arm()
    const late = produce(c, c.writer, batch('late', 2))
    await stall.reached
    expect((await produce(c, c.reader, batch('after', 1))).status).toBe(200)

    await expectReadersWaitThenFill(c)

    stall.release()
    const answer = await late
    expect(answer.status).toBe(503)
    expect(answer.body.error).toMatchObject({ code: 'UNAVAILABLE', retriable: true })
    const reads = await readAll(c)
    expectExactlyOnce(c.acks, reads)
    for (let p = 0; p < PARTITIONS; p++) expect(valuesOf(reads, p)).toEqual(labelled(c, p, 'before', 'after'))
  })

  it('past its deadline gives up and fills its own hole, so readers go on before the hole timeout', async () => {
    // The S3 PUT of the segment is slow (a latency spike) and returns after the writer's deadline.
    const stall = new Pause('segments.put')
    const c = await instances(stall)
    expect((await produce(c, c.writer, batch('before', 2))).status).toBe(200)
    stall.arm()
    const late = produce(c, c.writer, batch('late', 1, LARGE))
    await stall.reached
    expect((await produce(c, c.reader, batch('after', 1))).status).toBe(200)

    c.clock.advance(c.readerService.deps.timing.writerDeadlineMs + 1)
    stall.release()
    const answer = await late
    expect(answer.status).toBe(503)
    expect(answer.body.error.retriable).toBe(true)

    // Still well inside the hole timeout: the writer's own skip markers let readers pass at once.
    const reads = await readAll(c)
    expectExactlyOnce(c.acks, reads)
    for (let p = 0; p < PARTITIONS; p++) expect(valuesOf(reads, p)).toEqual(labelled(c, p, 'before', 'after'))
  })
})

describe('a fetch beyond a hole younger than the timeout', () => {
  it('waits at its offset, as at the end of the log: an offset handed out is never 416', async () => {
    const dies = new Crash()
    const c = await instances(dies)
    expect((await produce(c, c.writer, batch('before', 1))).status).toBe(200)
    dies.arm('index.writeEntries', 'before')
    await produce(c, c.writer, batch('crashed', 1))
    await c.stopWriter()
    expect((await produce(c, c.reader, batch('after', 1))).status).toBe(200)
    const after = c.acks.get('after-0') as Ack
    const described = await c.reader('GET', `/v1/topics/${TOPIC}`)
    expect(described.body.offsets[after.partition].endOffset).toBeLessThan(after.offset)

    const beyond = await c.reader(
      'GET',
      `/v1/topics/${TOPIC}/partitions/${after.partition}/records?offset=${after.offset}`,
    )
    // A reader may have reached the offset before TTL deleted the entries below it, leaving a gap
    // that looks like this hole: sending it back with a 416 would reset it.
    expect(beyond.status, JSON.stringify(beyond.body)).toBe(200)
    expect(beyond.body).toEqual({
      records: [],
      nextOffset: after.offset,
      startOffset: described.body.offsets[after.partition].startOffset,
      endOffset: after.offset,
    })
  })
})
