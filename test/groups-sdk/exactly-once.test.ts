import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  AlreadyCommittedError,
  type EachMessagePayload,
  readGroupOffsets,
  Sluice,
} from '../../sdk/src/index.js'
import { allValues, freshTopic } from '../sdk/support/topics.js'
import { startTestService } from '../support/service.js'
import { eventually, type LinkAction, type Member, member, stopAll } from './support.js'

let service: Awaited<ReturnType<typeof startTestService>>
let admin: Sluice

beforeAll(async () => {
  service = await startTestService()
  admin = new Sluice({ url: service.url })
}, 120_000)
afterAll(() => service?.stop())

const LEASE_MS = 3000
const INPUTS = 120
/** The faults that actually happened, so the test fails if the run never reached one. */
const fired = new Set<string>()

/**
 * Where a member fails, counted in its own transactions (1-based) or handled messages:
 * `lose-answer`: the transaction is applied but its answer is lost (the SDK retries with the same
 * Idempotency-Key); `not-sent`: the transaction never reaches the service (the handler fails and the
 * message is retried); `crash-after`: the transaction is applied, then the member's process dies;
 * `crash-before`: the process dies while handling the message, before its transaction is sent.
 */
interface Faults {
  loseAnswer?: number
  notSent?: number
  crashAfter?: number
  crashBefore?: number
}

function fire(fault: string, action: LinkAction): LinkAction {
  fired.add(fault)
  return action
}

function pipelineMember(group: string, input: string, output: string, id: string, faults: Faults = {}) {
  const m = member(service.url, { groupId: group, memberId: id, leaseMs: LEASE_MS, maxWaitMs: 300 })
  let transactions = 0
  let handled = 0
  m.link.setRule((path, method): LinkAction => {
    if (path !== '/v1/transactions' || method !== 'POST') return 'forward'
    transactions++
    if (transactions === faults.loseAnswer) return fire('lose-answer', 'drop-answer')
    if (transactions === faults.notSent) return fire('not-sent', 'fail')
    if (transactions === faults.crashAfter) {
      fire('crash-after', 'fail')
      m.link.cut()
      return 'drop-answer'
    }
    return 'forward'
  })
  const transform = async ({ partition, message }: EachMessagePayload) => {
    if (++handled === faults.crashBefore) {
      fire('crash-before', 'fail')
      m.link.cut()
    }
    await m.sluice.transaction({
      produce: [{ topic: output, messages: [{ key: message.key, value: `out:${message.value}` }] }],
      commit: { consumer: m.consumer, offsets: [{ topic: input, partition, offset: message.offset + 1 }] },
    })
  }
  return (async () => {
    await m.consumer.subscribe({ topics: [input], fromBeginning: true })
    await m.consumer.run({ eachMessage: transform, autoCommit: false })
    return m
  })()
}

describe('exactly-once pipeline (topic A -> transform -> topic B through transactions)', {
  timeout: 180_000,
}, () => {
  it('B holds each output exactly once with crashes injected at every step', async () => {
    const input = await freshTopic(admin, 'eos-a', 4)
    const output = await freshTopic(admin, 'eos-b', 2)
    const producer = admin.producer()
    await producer.send({
      topic: input,
      messages: Array.from({ length: INPUTS }, (_, i) => ({ key: `k${i % 9}`, value: `in-${i}` })),
    })
    const members: Member[] = [
      await pipelineMember('eos', input, output, 'a', { loseAnswer: 3, crashAfter: 8 }),
      await pipelineMember('eos', input, output, 'b', { crashBefore: 6 }),
      await pipelineMember('eos', input, output, 'c', { notSent: 4, loseAnswer: 9 }),
    ]
    await eventually(async () => expect((await allValues(admin, output)).length).toBeGreaterThan(30))
    members.push(await pipelineMember('eos', input, output, 'd', { crashAfter: 12 }))
    members.push(await pipelineMember('eos', input, output, 'e'))

    const expected = Array.from({ length: INPUTS }, (_, i) => `out:in-${i}`).sort()
    await eventually(
      async () => expect([...new Set(await allValues(admin, output))].sort()).toEqual(expected),
      120_000,
    )
    await stopAll(members)
    const outputs = (await allValues(admin, output)).sort()
    expect(outputs).toEqual(expected) // each exactly once: no duplicate appended by a retry or a successor
    expect([...fired].sort()).toEqual(['crash-after', 'crash-before', 'lose-answer', 'not-sent'])
  })
})

describe('a transaction whose answer is lost past every retry', { timeout: 60_000 }, () => {
  /**
   * One member transforming a one-partition topic; the answers to the transaction of `lostAt` (its
   * first attempt and both retries) are lost, so the handler fails and the consumer runs it again.
   * `label` names the attempt in the output when the handler's output differs from run to run.
   */
  async function runWithLostAnswers(group: string, outputOf: (value: string, run: number) => string) {
    const input = await freshTopic(admin, `${group}-in`, 1)
    const output = await freshTopic(admin, `${group}-out`, 1)
    await admin.producer().send({ topic: input, messages: ['a', 'b', 'c', 'd'].map((value) => ({ value })) })
    const m = member(service.url, { groupId: group, leaseMs: LEASE_MS, maxWaitMs: 300 })
    let transactions = 0
    m.link.setRule((path, method): LinkAction => {
      if (path !== '/v1/transactions' || method !== 'POST') return 'forward'
      transactions++
      return transactions >= 2 && transactions <= 4 ? 'drop-answer' : 'forward'
    })
    const runs = new Map<string, number>()
    const failures: unknown[] = []
    await m.consumer.subscribe({ topics: [input], fromBeginning: true })
    await m.consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        const value = message.value as string
        const run = (runs.get(value) ?? 0) + 1
        runs.set(value, run)
        try {
          await m.sluice.transaction({
            produce: [{ topic: output, messages: [{ value: outputOf(value, run) }] }],
            commit: {
              consumer: m.consumer,
              offsets: [{ topic: input, partition, offset: message.offset + 1 }],
            },
          })
        } catch (error) {
          failures.push(error)
          throw error
        }
      },
    })
    await eventually(async () => {
      const offsets = await admin.execute(readGroupOffsets(group, input))
      expect(offsets).toEqual([{ topic: input, partition: 0, offset: 4 }])
    })
    await m.consumer.stop()
    return { outputs: await allValues(admin, output), runs, failures }
  }

  it('is not applied again when the handler runs again with the same output', async () => {
    const { outputs, runs } = await runWithLostAnswers('lost-same', (value) => `out:${value}`)
    expect(runs.get('b')).toBe(2) // the consumer did run the handler again
    expect(outputs).toEqual(['out:a', 'out:b', 'out:c', 'out:d'])
  })

  it('is refused, and the consumer moves on, when the handler runs again with another output', async () => {
    const { outputs, runs, failures } = await runWithLostAnswers(
      'lost-differs',
      (value, run) => `out:${value}#${run}`,
    )
    expect(runs.get('b')).toBe(2)
    expect(failures.at(-1)).toBeInstanceOf(AlreadyCommittedError)
    expect(outputs).toEqual(['out:a#1', 'out:b#1', 'out:c#1', 'out:d#1'])
  })
})
