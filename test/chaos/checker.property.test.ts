import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ANOMALY_KINDS, type AnomalyKind, checkHistory } from '../../chaos/checker/index.js'
import {
  type FinalRead,
  type History,
  type Op,
  type Outcome,
  type PolledRecord,
  type PollOp,
  type SendOp,
  type SentRecord,
  type TxnOp,
  txnOutputValue,
} from '../../chaos/history.js'

// A simulated correct service: one log per partition, appends at increasing offsets (with holes), fetches
// that return what is there, and txns that read from the committed offset and apply all or nothing.
// Histories it records must check clean; each corruption injected into one must show up as its anomaly.

const INPUT = 'in'
const OUTPUT = 'out'
const INPUT_PARTITIONS = 3
const OUTPUT_PARTITIONS = 2
const GROUP = 'g'

type Step =
  | {
      kind: 'send'
      producer: number
      partitions: number[]
      outcome: Outcome
      applies: boolean
      holes: number
    }
  | { kind: 'assign'; consumer: number; partitions: number[]; seek: 'earliest' | 'committed' | 'latest' }
  | { kind: 'poll'; consumer: number; pick: number; limit: number; answered: boolean }
  | {
      kind: 'txn'
      worker: number
      partition: number
      limit: number
      outcome: Outcome
      applies: boolean
      outputPartition: number
    }
  | { kind: 'committed'; partition: number }

const outcome = fc.constantFrom<Outcome>('ok', 'ok', 'ok', 'fail', 'info')
const inputPartition = fc.nat(INPUT_PARTITIONS - 1)
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: sendStep() },
  fc.record({
    kind: fc.constant('assign' as const),
    consumer: fc.nat(1),
    partitions: fc.uniqueArray(inputPartition, { minLength: 1, maxLength: INPUT_PARTITIONS }),
    seek: fc.constantFrom('earliest' as const, 'committed' as const, 'latest' as const),
  }),
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('poll' as const),
      consumer: fc.nat(1),
      pick: fc.nat(INPUT_PARTITIONS - 1),
      limit: fc.integer({ min: 1, max: 4 }),
      answered: fc.boolean(),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('txn' as const),
      worker: fc.nat(1),
      partition: inputPartition,
      limit: fc.integer({ min: 1, max: 3 }),
      outcome,
      applies: fc.boolean(),
      outputPartition: fc.nat(OUTPUT_PARTITIONS - 1),
    }),
  },
  fc.record({ kind: fc.constant('committed' as const), partition: inputPartition }),
)

function sendStep(): fc.Arbitrary<Step> {
  return fc.record({
    kind: fc.constant('send' as const),
    producer: fc.nat(2),
    partitions: fc.array(inputPartition, { minLength: 1, maxLength: 3 }),
    outcome,
    applies: fc.boolean(),
    holes: fc.nat(2),
  })
}

/** A run: random steps after a prelude (ok sends, an ok txn, consumers assigned), then retention at the end. */
const run = fc.record({
  steps: fc.array(step, { minLength: 10, maxLength: 80 }),
  retention: fc.array(fc.oneof({ weight: 2, arbitrary: fc.constant(0) }, fc.nat(3)), {
    minLength: INPUT_PARTITIONS + OUTPUT_PARTITIONS,
    maxLength: INPUT_PARTITIONS + OUTPUT_PARTITIONS,
  }),
})
const prelude: Step[] = [
  { kind: 'send', producer: 0, partitions: [0], outcome: 'ok', applies: true, holes: 0 },
  { kind: 'send', producer: 0, partitions: [0, 0], outcome: 'ok', applies: true, holes: 1 },
  { kind: 'txn', worker: 0, partition: 0, limit: 2, outcome: 'ok', applies: true, outputPartition: 0 },
  { kind: 'assign', consumer: 0, partitions: [0, 1, 2], seek: 'earliest' },
  { kind: 'assign', consumer: 1, partitions: [0], seek: 'committed' },
]

class Simulation {
  readonly ops: Op[] = []
  private readonly logs = new Map<string, { records: PolledRecord[]; next: number }>()
  private readonly committed = new Map<number, number>()
  private readonly positions = new Map<string, Map<number, number>>()
  private clock = 0
  private values = 0

  apply(s: Step): void {
    if (s.kind === 'send') this.send(s)
    else if (s.kind === 'assign') this.assign(`c${s.consumer}`, s.partitions, s.seek)
    else if (s.kind === 'poll') this.poll(s)
    else if (s.kind === 'txn') this.txn(s)
    else this.ops.push({ ...this.committedOp(s.partition), at: this.tick().invokedAt })
  }

  /** A fresh consumer reads every partition of both topics to its end, as consumers catch up after a run. */
  drain(): void {
    for (const [topic, partitions] of [
      [INPUT, INPUT_PARTITIONS],
      [OUTPUT, OUTPUT_PARTITIONS],
    ] as const) {
      const all = [...Array(partitions).keys()]
      this.ops.push({ type: 'assign', process: 'drain', topic, partitions: all, at: this.tick().invokedAt })
      for (const partition of all) {
        const log = this.log(topic, partition)
        this.ops.push(this.pollOp('drain', topic, partition, 0, log.records, log.next))
      }
    }
  }

  finalReads(retention: number[]): FinalRead[] {
    const reads: FinalRead[] = []
    for (const [topic, partitions] of [
      [INPUT, INPUT_PARTITIONS],
      [OUTPUT, OUTPUT_PARTITIONS],
    ] as const) {
      for (let partition = 0; partition < partitions; partition++) {
        const log = this.log(topic, partition)
        const startOffset = Math.min(retention[reads.length] ?? 0, log.next)
        const records = log.records.filter((r) => r.offset >= startOffset).map((r) => ({ ...r }))
        reads.push({ topic, partition, startOffset, endOffset: log.next, records })
      }
    }
    return reads
  }

  private tick() {
    this.clock += 2
    return { invokedAt: this.clock, completedAt: this.clock + 1 }
  }

  private log(topic: string, partition: number) {
    const key = `${topic}/${partition}`
    const log = this.logs.get(key) ?? { records: [], next: 0 }
    this.logs.set(key, log)
    return log
  }

  private append(topic: string, partition: number, value: string, holes = 0): number {
    const log = this.log(topic, partition)
    const offset = log.next + holes
    log.records.push({ offset, value, key: null })
    log.next = offset + 1
    return offset
  }

  private send(s: Extract<Step, { kind: 'send' }>): void {
    const records: SentRecord[] = s.partitions.map((partition) => ({
      value: `v${this.values++}`,
      key: null,
      partition,
    }))
    const applied = s.outcome === 'ok' || (s.outcome === 'info' && s.applies)
    for (const [i, record] of records.entries()) {
      const offset = applied
        ? this.append(INPUT, record.partition ?? 0, record.value, i === 0 ? s.holes : 0)
        : 0
      if (s.outcome === 'ok') record.offset = offset
      else delete record.partition
    }
    this.ops.push({
      type: 'send',
      process: `p${s.producer}`,
      topic: INPUT,
      idempotencyKey: `p${s.producer}-${this.values}`,
      records,
      outcome: s.outcome,
      ...this.tick(),
    })
  }

  private assign(process: string, partitions: number[], seek: 'earliest' | 'committed' | 'latest'): void {
    const positions = new Map<number, number>()
    for (const partition of partitions) {
      const start = {
        earliest: 0,
        committed: this.committed.get(partition) ?? 0,
        latest: this.log(INPUT, partition).next,
      }
      positions.set(partition, start[seek])
    }
    this.positions.set(process, positions)
    this.ops.push({ type: 'assign', process, topic: INPUT, partitions, at: this.tick().invokedAt })
  }

  private poll(s: Extract<Step, { kind: 'poll' }>): void {
    const process = `c${s.consumer}`
    const positions = this.positions.get(process)
    const partition = positions && [...positions.keys()][s.pick % positions.size]
    if (!positions || partition === undefined) return
    const from = positions.get(partition) ?? 0
    if (!s.answered) {
      this.ops.push({ ...this.pollOp(process, INPUT, partition, from, [], undefined), outcome: 'info' })
      return
    }
    const log = this.log(INPUT, partition)
    const records = log.records.filter((r) => r.offset >= from).slice(0, s.limit)
    const last = records.at(-1)
    const next = records.length === s.limit && last ? last.offset + 1 : Math.max(from, log.next)
    positions.set(partition, next)
    this.ops.push(this.pollOp(process, INPUT, partition, from, records, next))
  }

  private pollOp(
    process: string,
    topic: string,
    partition: number,
    fromOffset: number,
    records: PolledRecord[],
    nextOffset: number | undefined,
  ): PollOp {
    const copies = records.map((r) => ({ ...r }))
    return {
      type: 'poll',
      process,
      topic,
      partition,
      fromOffset,
      records: copies,
      nextOffset,
      outcome: 'ok',
      ...this.tick(),
    }
  }

  private txn(s: Extract<Step, { kind: 'txn' }>): void {
    const from = this.committed.get(s.partition) ?? 0
    const inputs = this.log(INPUT, s.partition)
      .records.filter((r) => r.offset >= from)
      .slice(0, s.limit)
      .map((r) => ({ ...r }))
    const last = inputs.at(-1)
    if (!last) return
    const applied = s.outcome === 'ok' || (s.outcome === 'info' && s.applies)
    const outputs: SentRecord[] = inputs.map((input) => {
      const value = txnOutputValue(input.value ?? '')
      if (!applied) return { value, key: null }
      const offset = this.append(OUTPUT, s.outputPartition, value)
      return s.outcome === 'ok'
        ? { value, key: null, partition: s.outputPartition, offset }
        : { value, key: null }
    })
    if (applied) this.committed.set(s.partition, last.offset + 1)
    this.ops.push({
      type: 'txn',
      process: `w${s.worker}`,
      group: GROUP,
      inputTopic: INPUT,
      inputPartition: s.partition,
      inputs,
      outputTopic: OUTPUT,
      outputs,
      commitOffset: last.offset + 1,
      epoch: s.worker,
      outcome: s.outcome,
      ...this.tick(),
    })
  }

  committedOp(partition: number) {
    return {
      type: 'committed' as const,
      process: 'reader',
      group: GROUP,
      topic: INPUT,
      partition,
      offset: this.committed.get(partition) ?? 0,
    }
  }
}

function simulate({ steps, retention }: { steps: Step[]; retention: number[] }): History {
  const simulation = new Simulation()
  for (const s of [...prelude, ...steps]) simulation.apply(s)
  simulation.drain()
  return { ops: simulation.ops, finalReads: simulation.finalReads(retention) }
}

// Corruptions, one per anomaly kind. Each returns undefined when the history has nothing to corrupt.

const lastTime = (h: History) =>
  Math.max(...h.ops.map((op) => ('completedAt' in op ? op.completedAt : 'at' in op ? op.at : 0)))

function finalOf(h: History, topic: string, partition: number): FinalRead {
  const read = h.finalReads.find((f) => f.topic === topic && f.partition === partition)
  if (!read) throw new Error(`no final read of ${topic}/${partition}`)
  return read
}

function appendFinal(h: History, topic: string, partition: number, value: string): number {
  const read = finalOf(h, topic, partition)
  const offset = read.endOffset
  read.records.push({ offset, value, key: null })
  read.endOffset = offset + 1
  return offset
}

/** Acknowledged records of sends (or txn outputs) that the final reads still hold. */
function heldAcks(
  h: History,
  type: 'send' | 'txn',
): { op: SendOp | TxnOp; record: SentRecord; final: FinalRead }[] {
  return h.ops.flatMap((op) => {
    if (op.type !== type || op.outcome !== 'ok') return []
    const topic = op.type === 'send' ? op.topic : op.outputTopic
    const records = op.type === 'send' ? op.records : op.outputs
    return records.flatMap((record) => {
      const final = h.finalReads.find((f) => f.topic === topic && f.partition === record.partition)
      const held = final?.records.some((r) => r.offset === record.offset)
      return final && held ? [{ op, record, final }] : []
    })
  })
}

function freshSend(h: History, value: string, outcome: Outcome, partition?: number, offset?: number): SendOp {
  const t = lastTime(h) + 1
  return {
    type: 'send',
    process: 'injected',
    topic: INPUT,
    records: [{ value, key: null, partition, offset }],
    outcome,
    invokedAt: t,
    completedAt: t + 1,
  }
}

function freshPoll(
  h: History,
  partition: number,
  fromOffset: number,
  records: PolledRecord[],
  next: number,
): Op[] {
  const t = lastTime(h) + 1
  return [
    { type: 'assign', process: 'injected-consumer', topic: INPUT, partitions: [partition], at: t },
    {
      type: 'poll',
      process: 'injected-consumer',
      topic: INPUT,
      partition,
      fromOffset,
      records,
      nextOffset: next,
      outcome: 'ok',
      invokedAt: t + 1,
      completedAt: t + 2,
    },
  ]
}

const corruptions: Record<AnomalyKind, (h: History) => History | undefined> = {
  lostWrite(h) {
    const [held] = heldAcks(h, 'send')
    if (!held) return undefined
    held.final.records = held.final.records.filter((r) => r.offset !== held.record.offset)
    return h
  },
  vanishedRead(h) {
    const final = finalOf(h, INPUT, 0)
    const end = final.endOffset
    h.ops.push(freshSend(h, 'vanishing', 'info'))
    h.ops.push(...freshPoll(h, 0, end, [{ offset: end, value: 'vanishing', key: null }], end + 1))
    return h
  },
  duplicate(h) {
    const [held] = heldAcks(h, 'send')
    if (!held) return undefined
    appendFinal(h, held.final.topic, held.final.partition, held.record.value)
    return h
  },
  inconsistentOffsets(h) {
    const held = heldAcks(h, 'send').at(-1)
    if (!held || held.record.offset === undefined) return undefined
    // The last acknowledged record, so no later ack of its producer is compared against the changed one.
    const records = held.op.type === 'send' ? held.op.records : []
    if (records.at(-1) !== held.record) return undefined
    held.record.offset = held.final.endOffset + 10
    return h
  },
  abortedRead(h) {
    h.ops.push(freshSend(h, 'aborted', 'fail'))
    appendFinal(h, INPUT, 0, 'aborted')
    return h
  },
  unwrittenRead(h) {
    appendFinal(h, INPUT, 1, 'ghost')
    return h
  },
  pollSkip(h) {
    const polls = h.ops.filter((op): op is PollOp => op.type === 'poll' && op.outcome === 'ok')
    // Not the drain's: it may be the only consumer read of the record, which would then be unseen too.
    const poll = polls.find((p) => {
      const final = finalOf(h, p.topic, p.partition)
      return p.process !== 'drain' && p.records.some((r) => final.records.some((f) => f.offset === r.offset))
    })
    if (!poll) return undefined
    const final = finalOf(h, poll.topic, poll.partition)
    const skipped = poll.records.find((r) => final.records.some((f) => f.offset === r.offset))
    poll.records = poll.records.filter((r) => r !== skipped)
    return h
  },
  nonmonotonicPoll(h) {
    const index = h.ops.findIndex((op) => op.type === 'poll' && op.outcome === 'ok' && op.records.length > 0)
    const poll = h.ops[index]
    if (!poll) return undefined
    h.ops.splice(index + 1, 0, structuredClone(poll))
    return h
  },
  nonmonotonicSend(h) {
    // The prelude's first two sends: producer p0, both acknowledged in partition 0.
    const [first, second] = h.ops.filter((op) => op.type === 'send' && op.process === 'p0')
    if (!first || !second) return undefined
    const [i, j] = [h.ops.indexOf(first), h.ops.indexOf(second)]
    h.ops[i] = second
    h.ops[j] = first
    return h
  },
  unseen(h) {
    const end = finalOf(h, INPUT, 2).endOffset
    h.ops.push(freshSend(h, 'unread', 'ok', 2, end))
    appendFinal(h, INPUT, 2, 'unread')
    return h
  },
  txnOutputMissing(h) {
    const [held] = heldAcks(h, 'txn')
    if (!held) return undefined
    held.final.records = held.final.records.filter((r) => r.offset !== held.record.offset)
    return h
  },
  txnOutputDuplicate(h) {
    const [held] = heldAcks(h, 'txn')
    if (!held) return undefined
    appendFinal(h, held.final.topic, held.final.partition, held.record.value)
    return h
  },
  txnInputSkipped(h) {
    // Partition 0 always has the prelude's txn. A record the group then commits past unprocessed.
    const end = finalOf(h, INPUT, 0).endOffset
    h.ops.push(freshSend(h, 'unprocessed', 'ok', 0, end))
    h.ops.push(...freshPoll(h, 0, end, [{ offset: end, value: 'unprocessed', key: null }], end + 1))
    h.ops.push({
      type: 'committed',
      process: 'reader',
      group: GROUP,
      topic: INPUT,
      partition: 0,
      offset: end + 1,
      at: lastTime(h) + 1,
    })
    appendFinal(h, INPUT, 0, 'unprocessed')
    return h
  },
  committedOffsetDecrease(h) {
    const commits = h.ops.filter(
      (op): op is TxnOp => op.type === 'txn' && op.outcome === 'ok' && op.inputPartition === 0,
    )
    const highest = Math.max(...commits.map((t) => t.commitOffset))
    h.ops.push({
      type: 'committed',
      process: 'reader',
      group: GROUP,
      topic: INPUT,
      partition: 0,
      offset: highest - 1,
      at: lastTime(h) + 1,
    })
    return h
  },
}

describe('checkHistory on simulated runs', () => {
  it('finds nothing in a correct run', () => {
    fc.assert(
      fc.property(run, (r) => {
        const result = checkHistory(simulate(r))
        expect(result.anomalies).toEqual(Object.fromEntries(ANOMALY_KINDS.map((k) => [k, 0])))
      }),
      { numRuns: 300 },
    )
  })

  it('finds exactly the anomaly a corruption injects', () => {
    fc.assert(
      fc.property(run, fc.constantFrom(...ANOMALY_KINDS), (r, kind) => {
        const corrupted = corruptions[kind](simulate(r))
        fc.pre(corrupted !== undefined)
        const { anomalies } = checkHistory(corrupted as History)
        const others = ANOMALY_KINDS.filter((k) => k !== kind && anomalies[k] > 0)
        expect(anomalies[kind]).toBeGreaterThan(0)
        expect(others).toEqual([])
      }),
      { numRuns: 500 },
    )
  })
})
