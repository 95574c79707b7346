import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { AppendResult } from '../../functions/engine/append-types.js'
import { answerAgain, keepAnswer } from '../../functions/engine/idempotent-answer.js'

/** A request's records and an answer a correct append could give them: per partition, consecutive offsets. */
const requestAndAnswer = fc
  .record({
    now: fc.integer({ min: 0, max: 2 ** 42 }),
    bases: fc.array(fc.nat({ max: 1_000_000 }), { minLength: 1, maxLength: 5 }),
    records: fc.array(
      fc.record({
        partition: fc.nat({ max: 4 }),
        timestamp: fc.option(fc.nat({ max: 2 ** 42 }), { nil: undefined }),
      }),
      { minLength: 1, maxLength: 200 },
    ),
  })
  .map(({ now, bases, records }) => {
    const next = new Map<number, number>()
    const answer: AppendResult = {
      records: records.map((r) => {
        const partition = r.partition % bases.length
        const offset = next.get(partition) ?? (bases[partition] as number)
        next.set(partition, offset + 1)
        return { partition, offset, timestamp: r.timestamp ?? now }
      }),
    }
    const request = records.map((r) => ({
      key: null,
      value: null,
      headers: {},
      ...(r.timestamp === undefined ? {} : { timestamp: r.timestamp }),
    }))
    return { now, request, answer }
  })

describe('the answer an idempotency record keeps', () => {
  it('gives the same answer again from the same request', () => {
    fc.assert(
      fc.property(requestAndAnswer, ({ now, request, answer }) => {
        const kept = JSON.parse(JSON.stringify(keepAnswer([answer], now)))
        expect(answerAgain(kept, [request])).toEqual([answer])
      }),
    )
  })

  it('keeps 10,000 records of one partition in a few bytes, and of many partitions in a few per record', () => {
    const one: AppendResult = {
      records: Array.from({ length: 10_000 }, (_, i) => ({ partition: 3, offset: 500 + i, timestamp: 7 })),
    }
    expect(JSON.stringify(keepAnswer([one], 7))).toBe(
      '{"now":7,"topics":[{"partitions":3,"bases":{"3":500}}]}',
    )
    const many: AppendResult = {
      records: Array.from({ length: 10_000 }, (_, i) => ({
        partition: i % 1024,
        offset: 2 ** 40 + Math.floor(i / 1024),
        timestamp: 7,
      })),
    }
    expect(JSON.stringify(keepAnswer([many], 7)).length).toBeLessThan(100_000)
  })

  it('gives back an answer kept whole, as records written before compact answers hold it', () => {
    const whole: AppendResult = { records: [{ partition: 0, offset: 4, timestamp: 9 }] }
    expect(answerAgain(whole, [[]])).toEqual([whole])
    expect(answerAgain([whole, whole], [[], []])).toEqual([whole, whole])
  })
})
