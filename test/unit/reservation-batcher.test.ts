import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ReservationBatcher } from '../../functions/engine/reservation-batcher.js'
import type { PartitionRef, ReserveOptions } from '../../functions/storage/log-index.js'

/** A sequencer the test answers by hand: each request's partition and count, and its resolve and reject. */
function scriptedSequencer() {
  const next = new Map<string, number>()
  const requests: {
    partition: number
    count: number
    options: ReserveOptions
    answer: () => void
    fail: (err: Error) => void
  }[] = []
  const reserve = (p: PartitionRef, count: number, _now: number, options: ReserveOptions) =>
    new Promise<number>((resolve, reject) => {
      const id = `${p.topicId}/${p.partition}`
      requests.push({
        partition: p.partition,
        count,
        options,
        answer: () => {
          const base = next.get(id) ?? 0
          next.set(id, base + count)
          resolve(base)
        },
        fail: reject,
      })
    })
  return { requests, reserve }
}

const ref = (partition: number): PartitionRef => ({ topicId: 't1', partition })
const settle = () => new Promise((r) => setTimeout(r, 0))

describe('ReservationBatcher', () => {
  it('sends a reservation at once when none is out, as one request at a time always finds', async () => {
    const { requests, reserve } = scriptedSequencer()
    const batcher = new ReservationBatcher(reserve, () => 0)
    const first = batcher.reserve(ref(0), 3)
    expect(requests).toHaveLength(1)
    requests[0]?.answer()
    expect(await first).toBe(0)
    const second = batcher.reserve(ref(0), 2)
    expect(requests.map((r) => r.count)).toEqual([3, 2])
    requests[1]?.answer()
    expect(await second).toBe(3)
  })

  it('combines options: the latest expiry or none when any record is kept forever; a hedge if any asks', async () => {
    const { requests, reserve } = scriptedSequencer()
    const batcher = new ReservationBatcher(reserve, () => 0)
    const first = batcher.reserve(ref(0), 1, { expiresAt: 50 })
    const expiring = [
      batcher.reserve(ref(0), 1, { expiresAt: 70, hedge: true }),
      batcher.reserve(ref(0), 1, { expiresAt: 60 }),
    ]
    requests[0]?.answer()
    await first
    await settle()
    const mixed = [batcher.reserve(ref(0), 1, { expiresAt: 90 }), batcher.reserve(ref(0), 1)]
    requests[1]?.answer()
    await Promise.all(expiring)
    await settle()
    requests[2]?.answer()
    await Promise.all(mixed)
    expect(requests.map((r) => r.options)).toEqual([
      { expiresAt: 50, hedge: false },
      { expiresAt: 70, hedge: true },
      { expiresAt: undefined, hedge: false },
    ])
  })

  it('sends the reservations that arrive while one is out as one, split in arrival order', async () => {
    const { requests, reserve } = scriptedSequencer()
    const batcher = new ReservationBatcher(reserve, () => 0)
    const first = batcher.reserve(ref(0), 1)
    const waiting = [batcher.reserve(ref(0), 2), batcher.reserve(ref(0), 5), batcher.reserve(ref(0), 1)]
    expect(requests).toHaveLength(1)
    requests[0]?.answer()
    await first
    await settle()
    expect(requests.map((r) => r.count)).toEqual([1, 8])
    requests[1]?.answer()
    expect(await Promise.all(waiting)).toEqual([1, 3, 8])
  })

  it('keeps partitions apart', () => {
    const { requests, reserve } = scriptedSequencer()
    const batcher = new ReservationBatcher(reserve, () => 0)
    void batcher.reserve(ref(0), 1)
    void batcher.reserve(ref(1), 1)
    expect(requests.map((r) => r.partition)).toEqual([0, 1])
  })

  it('fails every reservation of a failed request, and the next ones go out afresh', async () => {
    const { requests, reserve } = scriptedSequencer()
    const batcher = new ReservationBatcher(reserve, () => 0)
    const first = batcher.reserve(ref(0), 1)
    const batched = [batcher.reserve(ref(0), 1), batcher.reserve(ref(0), 1)]
    requests[0]?.answer()
    await first
    await settle()
    requests[1]?.fail(new Error('throttled'))
    for (const r of batched) await expect(r).rejects.toThrow('throttled')
    const after = batcher.reserve(ref(0), 4)
    requests[2]?.answer()
    expect(await after).toBe(1)
  })

  it('reads the clock when the request leaves, not when the caller arrived', async () => {
    let clock = 100
    const at: number[] = []
    const { requests, reserve } = scriptedSequencer()
    const batcher = new ReservationBatcher(
      (p, count, now, options) => {
        at.push(now)
        return reserve(p, count, now, options)
      },
      () => clock,
    )
    const first = batcher.reserve(ref(0), 1)
    const second = batcher.reserve(ref(0), 1)
    clock = 250
    requests[0]?.answer()
    await first
    await settle()
    requests[1]?.answer()
    await second
    expect(at).toEqual([100, 250])
  })

  it('hands every caller its own range, gapless in arrival order, whatever the arrivals and answers', async () => {
    const call = fc.record({
      partition: fc.integer({ min: 0, max: 2 }),
      count: fc.integer({ min: 1, max: 9 }),
      // How many requests out at the sequencer are answered before this call arrives, and which.
      answersBefore: fc.array(fc.nat(), { maxLength: 3 }),
    })
    await fc.assert(
      fc.asyncProperty(fc.array(call, { minLength: 1, maxLength: 40 }), async (calls) => {
        const { requests, reserve } = scriptedSequencer()
        const batcher = new ReservationBatcher(reserve, () => 0)
        const answered = new Set<number>()
        const answer = async (pick: number) => {
          const open = requests.map((_, i) => i).filter((i) => !answered.has(i))
          const i = open[pick % open.length]
          if (i === undefined) return
          answered.add(i)
          requests[i]?.answer()
          await settle()
        }
        const pending: Promise<number>[] = []
        for (const c of calls) {
          for (const pick of c.answersBefore) await answer(pick)
          pending.push(batcher.reserve(ref(c.partition), c.count))
        }
        while (answered.size < requests.length) await answer(0)
        const bases = await Promise.all(pending)
        for (const partition of [0, 1, 2]) {
          let expected = 0
          calls.forEach((c, i) => {
            if (c.partition !== partition) return
            expect(bases[i]).toBe(expected)
            expected += c.count
          })
        }
        expect(requests.length).toBeLessThanOrEqual(calls.length)
      }),
    )
  })
})
