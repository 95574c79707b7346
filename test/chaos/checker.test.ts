import { describe, expect, it } from 'vitest'
import {
  ANOMALY_KINDS,
  type AnomalyKind,
  type CheckResult,
  checkHistory,
  summarize,
} from '../../chaos/checker/index.js'
import type {
  AssignOp,
  CommittedOp,
  FinalRead,
  History,
  Outcome,
  PolledRecord,
  PollOp,
  SendOp,
  TxnOp,
} from '../../chaos/history.js'

// Hand-made histories: one clean run, and for each anomaly kind the same run with just that anomaly.

let clock = 0
const interval = () => {
  clock += 2
  return { invokedAt: clock, completedAt: clock + 1 }
}

/** A send; `records` maps each value to its [partition, offset] when acknowledged, else null. */
function send(
  process: string,
  topic: string,
  records: Record<string, [number, number] | null>,
  outcome: Outcome = 'ok',
): SendOp {
  return {
    type: 'send',
    process,
    topic,
    records: Object.entries(records).map(([value, at]) => ({
      value,
      key: null,
      partition: at?.[0],
      offset: at?.[1],
    })),
    outcome,
    ...interval(),
  }
}

/** Records as { offset: value }, in offset order. */
function polled(records: Record<number, string>): PolledRecord[] {
  return Object.entries(records).map(([offset, value]) => ({ offset: Number(offset), value, key: null }))
}

/** An ok poll. */
function poll(
  process: string,
  topic: string,
  partition: number,
  fromOffset: number,
  records: Record<number, string>,
  nextOffset: number,
): PollOp {
  return {
    type: 'poll',
    process,
    topic,
    partition,
    fromOffset,
    records: polled(records),
    nextOffset,
    outcome: 'ok',
    ...interval(),
  }
}

function assign(process: string, topic: string, partitions: number[]): AssignOp {
  return { type: 'assign', process, topic, partitions, at: interval().invokedAt }
}

/** A txn of group g from `events`/`partition` to `out`/0, its outputs acknowledged at `outputOffsets` when ok. */
function txn(
  process: string,
  partition: number,
  inputs: Record<number, string>,
  outcome: Outcome,
  outputOffsets: number[] = [],
): TxnOp {
  const read = polled(inputs)
  return {
    type: 'txn',
    process,
    group: 'g',
    inputTopic: 'events',
    inputPartition: partition,
    inputs: read,
    outputTopic: 'out',
    outputs: read.map(({ value }, i) => ({
      value: `out:${value}`,
      key: null,
      partition: outputOffsets[i] === undefined ? undefined : 0,
      offset: outputOffsets[i],
    })),
    commitOffset: (read.at(-1)?.offset ?? 0) + 1,
    epoch: 1,
    outcome,
    ...interval(),
  }
}

function committed(partition: number, offset: number): CommittedOp {
  return {
    type: 'committed',
    process: 'w2',
    group: 'g',
    topic: 'events',
    partition,
    offset,
    at: interval().invokedAt,
  }
}

function final(
  topic: string,
  partition: number,
  records: Record<number, string>,
  startOffset = 0,
): FinalRead {
  const read = polled(records)
  return {
    topic,
    partition,
    startOffset,
    endOffset: (read.at(-1)?.offset ?? startOffset - 1) + 1,
    records: read,
  }
}

/**
 * A correct run. `events` has two partitions; offset 2 of partition 0 is a gap (a hole filled with a
 * skip marker). p1's sends are acknowledged (a1 after a retry under its Idempotency-Key); p2's b0 is
 * indeterminate and never took effect, b1 indeterminate and took effect at offset 3, b2 failed. c1 reads
 * everything across reassignments, re-reading after one. Group g processes events into `out`: an
 * indeterminate txn that did not commit is redone by the next owner, one that did commit is not.
 * Retention removed offset 0 of `short`.
 */
function cleanHistory(): History {
  const a1 = send('p1', 'events', { a1: [0, 1] })
  a1.idempotencyKey = 'p1-2'
  a1.error = 'retried after a timeout'
  return {
    ops: [
      send('p1', 'events', { a0: [0, 0] }),
      a1,
      send('p2', 'events', { b0: null }, 'info'),
      send('p2', 'events', { b1: null }, 'info'),
      send('p1', 'events', { a2: [0, 4] }),
      send('p2', 'events', { b2: null }, 'fail'),
      send('p1', 'events', { a3: [1, 0], a4: [1, 1] }),
      send('p1', 'short', { s0: [0, 0], s1: [0, 1] }),
      assign('c1', 'events', [0]),
      poll('c1', 'events', 0, 0, { 0: 'a0', 1: 'a1' }, 2),
      poll('c1', 'events', 0, 2, { 3: 'b1', 4: 'a2' }, 5),
      assign('c1', 'events', [1]),
      poll('c1', 'events', 1, 0, { 0: 'a3' }, 1),
      assign('c1', 'events', [0, 1]),
      poll('c1', 'events', 0, 3, { 3: 'b1', 4: 'a2' }, 5),
      poll('c1', 'events', 1, 1, { 1: 'a4' }, 2),
      assign('c1', 'short', [0]),
      poll('c1', 'short', 0, 0, { 0: 's0', 1: 's1' }, 2),
      txn('w1', 0, { 0: 'a0', 1: 'a1' }, 'ok', [0, 1]),
      txn('w1', 0, { 3: 'b1', 4: 'a2' }, 'info'),
      committed(0, 2),
      txn('w2', 0, { 3: 'b1', 4: 'a2' }, 'ok', [2, 3]),
      committed(0, 5),
      txn('w1', 1, { 0: 'a3' }, 'info'),
      txn('w1', 1, { 1: 'a4' }, 'ok', [5]),
    ],
    finalReads: [
      final('events', 0, { 0: 'a0', 1: 'a1', 3: 'b1', 4: 'a2' }),
      final('events', 1, { 0: 'a3', 1: 'a4' }),
      final('short', 0, { 1: 's1' }, 1),
      final('out', 0, { 0: 'out:a0', 1: 'out:a1', 2: 'out:b1', 3: 'out:a2', 4: 'out:a3', 5: 'out:a4' }),
    ],
  }
}

function finalOf(history: History, topic: string, partition: number): FinalRead {
  const read = history.finalReads.find((f) => f.topic === topic && f.partition === partition)
  if (!read) throw new Error(`no final read of ${topic}/${partition}`)
  return read
}

function removeFinal(history: History, topic: string, partition: number, offset: number): void {
  const read = finalOf(history, topic, partition)
  read.records = read.records.filter((r) => r.offset !== offset)
}

/** Appends a record to the end of a final read. */
function appendFinal(history: History, topic: string, partition: number, value: string): number {
  const read = finalOf(history, topic, partition)
  const offset = read.endOffset
  read.records.push({ offset, value, key: null })
  read.endOffset = offset + 1
  return offset
}

function expectOnly(result: CheckResult, kind: AnomalyKind, count = 1): void {
  const expected = Object.fromEntries(ANOMALY_KINDS.map((k) => [k, k === kind ? count : 0]))
  expect(result.anomalies).toEqual(expected)
  expect(result.examples[kind]).toHaveLength(count)
  expect(result.valid).toBe(kind === 'unseen')
}

describe('checkHistory on a clean run', () => {
  it('counts no anomaly across retries, indeterminate sends, gaps, reassignments and retention', () => {
    const result = checkHistory(cleanHistory())
    expect(result.anomalies).toEqual(Object.fromEntries(ANOMALY_KINDS.map((k) => [k, 0])))
    expect(result.valid).toBe(true)
    expect(result.records).toEqual({
      acked: 7,
      failed: 1,
      indeterminate: 2,
      read: 14,
      indeterminateRead: 1,
      ackedUncovered: 1,
      finalRecords: 13,
    })
    expect(result.txns).toEqual({ committed: 3, failed: 0, indeterminate: 2, indeterminateCommitted: 1 })
    expect(summarize(result)).toBe(
      'valid: 7 acked, 1 failed, 2 indeterminate (1 read), 14 read, 5 txns (3 ok, 2 indeterminate); unseen 0',
    )
  })
})

describe('checkHistory finds each anomaly alone', () => {
  it('lostWrite: an acknowledged value missing from the final read that covers it', () => {
    const history = cleanHistory()
    removeFinal(history, 'events', 0, 4)
    const result = checkHistory(history)
    expectOnly(result, 'lostWrite')
    expect(result.examples.lostWrite[0]).toEqual({
      value: 'a2',
      topic: 'events',
      partition: 0,
      offset: 4,
      process: 'p1',
    })
  })

  it('lostWrite: an acknowledged offset past the final read end (a lost tail)', () => {
    const history = cleanHistory()
    history.ops.push(send('p1', 'events', { a5: [1, 2] }), poll('c1', 'events', 1, 2, { 2: 'a5' }, 3))
    expectOnly(checkHistory(history), 'lostWrite')
  })

  it('vanishedRead: an indeterminate send a consumer read, then gone', () => {
    const history = cleanHistory()
    removeFinal(history, 'events', 0, 3)
    const result = checkHistory(history)
    expectOnly(result, 'vanishedRead')
    expect(result.examples.vanishedRead[0]).toMatchObject({ value: 'b1', offset: 3, process: 'c1' })
  })

  it('duplicate: one value at two offsets', () => {
    const history = cleanHistory()
    appendFinal(history, 'events', 1, 'a3')
    const result = checkHistory(history)
    expectOnly(result, 'duplicate')
    expect(result.examples.duplicate[0]).toEqual({ value: 'a3', at: ['events/1@0', 'events/1@2'] })
  })

  it('inconsistentOffsets: an acknowledged value read only at another offset', () => {
    const history = cleanHistory()
    const a2 = history.ops.find((op) => op.type === 'send' && op.records[0]?.value === 'a2') as SendOp
    if (a2.records[0]) a2.records[0].offset = 5
    const result = checkHistory(history)
    expectOnly(result, 'inconsistentOffsets')
    expect(result.examples.inconsistentOffsets[0]).toMatchObject({
      value: 'a2',
      offset: 5,
      at: ['events/0@4'],
    })
  })

  it('inconsistentOffsets: one offset read with two values', () => {
    const history = cleanHistory()
    // Read before retention removed short/0@0: the fetch answered another (indeterminate) record there.
    history.ops.push(
      send('p2', 'short', { z0: null }, 'info'),
      assign('c2', 'short', [0]),
      poll('c2', 'short', 0, 0, { 0: 'z0' }, 1),
    )
    const result = checkHistory(history)
    expectOnly(result, 'inconsistentOffsets')
    expect(result.examples.inconsistentOffsets[0]).toEqual({
      topic: 'short',
      partition: 0,
      offset: 0,
      values: ['s0', 'z0'],
    })
  })

  it('abortedRead: a failed send read', () => {
    const history = cleanHistory()
    appendFinal(history, 'events', 0, 'b2')
    const result = checkHistory(history)
    expectOnly(result, 'abortedRead')
    expect(result.examples.abortedRead[0]).toMatchObject({ value: 'b2', processes: ['p2'] })
  })

  it('abortedRead: the output of a failed txn read', () => {
    const history = cleanHistory()
    history.ops.push(
      send('p1', 'events', { a5: [1, 2] }),
      poll('c1', 'events', 1, 2, { 2: 'a5' }, 3),
      txn('w1', 1, { 2: 'a5' }, 'fail'),
    )
    appendFinal(history, 'events', 1, 'a5')
    appendFinal(history, 'out', 0, 'out:a5')
    expectOnly(checkHistory(history), 'abortedRead')
  })

  it('unwrittenRead: a value nobody sent', () => {
    const history = cleanHistory()
    appendFinal(history, 'events', 1, 'ghost')
    expectOnly(checkHistory(history), 'unwrittenRead')
  })

  it('pollSkip: a poll that passes over a record', () => {
    const history = cleanHistory()
    const skipping = history.ops.find((op) => op.type === 'poll' && op.fromOffset === 2) as PollOp
    skipping.records = skipping.records.filter((r) => r.offset !== 3)
    const result = checkHistory(history)
    expectOnly(result, 'pollSkip')
    expect(result.examples.pollSkip[0]).toMatchObject({ process: 'c1', partition: 0, offsets: [3] })
  })

  it('pollSkip: a consumer that continues past where it stood, without an assignment', () => {
    const history = cleanHistory()
    history.ops.push(
      send('p1', 'events', { a5: [1, 2], a6: [1, 3] }),
      assign('c2', 'events', [1]),
      poll('c2', 'events', 1, 2, { 2: 'a5' }, 3),
      poll('c2', 'events', 1, 4, {}, 4),
      poll('c1', 'events', 1, 2, { 2: 'a5', 3: 'a6' }, 4),
    )
    appendFinal(history, 'events', 1, 'a5')
    appendFinal(history, 'events', 1, 'a6')
    const result = checkHistory(history)
    expectOnly(result, 'pollSkip')
    expect(result.examples.pollSkip[0]).toMatchObject({ process: 'c2', offsets: [3] })
  })

  it('nonmonotonicPoll: a consumer reads an offset again without an assignment', () => {
    const history = cleanHistory()
    history.ops.push(poll('c1', 'events', 1, 1, { 1: 'a4' }, 2))
    const result = checkHistory(history)
    expectOnly(result, 'nonmonotonicPoll')
    expect(result.examples.nonmonotonicPoll[0]).toMatchObject({ process: 'c1', offsets: [1, 1] })
  })

  it('nonmonotonicSend: a producer acknowledged at a lower offset than its previous send', () => {
    const history = cleanHistory()
    history.ops.push(
      send('p3', 'events', { x0: [1, 3] }),
      send('p3', 'events', { x1: [1, 2] }),
      assign('c2', 'events', [1]),
      poll('c2', 'events', 1, 2, { 2: 'x1', 3: 'x0' }, 4),
    )
    appendFinal(history, 'events', 1, 'x1')
    appendFinal(history, 'events', 1, 'x0')
    const result = checkHistory(history)
    expectOnly(result, 'nonmonotonicSend')
    expect(result.examples.nonmonotonicSend[0]).toMatchObject({ process: 'p3', offsets: [3, 2] })
  })

  it('unseen: an acknowledged value no consumer read (the run stays valid)', () => {
    const history = cleanHistory()
    history.ops.push(send('p3', 'events', { u0: [1, 2] }))
    appendFinal(history, 'events', 1, 'u0')
    const result = checkHistory(history)
    expectOnly(result, 'unseen')
    expect(summarize(result)).toMatch(/^valid: .*; unseen 1$/)
  })

  it("txnOutputMissing: a committed txn's output absent", () => {
    const history = cleanHistory()
    removeFinal(history, 'out', 0, 2)
    const result = checkHistory(history)
    expectOnly(result, 'txnOutputMissing')
    expect(result.examples.txnOutputMissing[0]).toMatchObject({ value: 'out:b1', processes: ['w2'] })
  })

  it('txnOutputMissing: an indeterminate txn whose effect was seen commits all its outputs', () => {
    const history = cleanHistory()
    history.ops.push(
      send('p1', 'events', { a5: [1, 2], a6: [1, 3] }),
      poll('c1', 'events', 1, 2, { 2: 'a5', 3: 'a6' }, 4),
      txn('w1', 1, { 2: 'a5', 3: 'a6' }, 'info'),
    )
    appendFinal(history, 'events', 1, 'a5')
    appendFinal(history, 'events', 1, 'a6')
    appendFinal(history, 'out', 0, 'out:a5')
    const result = checkHistory(history)
    expectOnly(result, 'txnOutputMissing')
    expect(result.examples.txnOutputMissing[0]).toMatchObject({ value: 'out:a6' })
  })

  it('txnOutputDuplicate: an output present twice', () => {
    const history = cleanHistory()
    appendFinal(history, 'out', 0, 'out:a0')
    expectOnly(checkHistory(history), 'txnOutputDuplicate')
  })

  it('txnOutputDuplicate: an indeterminate txn that committed, and its inputs processed again', () => {
    const history = cleanHistory()
    appendFinal(history, 'out', 0, 'out:b1')
    appendFinal(history, 'out', 0, 'out:a2')
    const result = checkHistory(history)
    expectOnly(result, 'txnOutputDuplicate', 2)
    expect(result.examples.txnOutputDuplicate[0]).toMatchObject({
      value: 'out:b1',
      at: ['out/0@2', 'out/0@6'],
    })
  })

  it('txnInputSkipped: the group committed past a record no txn consumed', () => {
    const history = cleanHistory()
    history.ops.push(
      send('p1', 'events', { a5: [1, 2] }),
      poll('c1', 'events', 1, 2, { 2: 'a5' }, 3),
      committed(1, 3),
    )
    appendFinal(history, 'events', 1, 'a5')
    const result = checkHistory(history)
    expectOnly(result, 'txnInputSkipped')
    expect(result.examples.txnInputSkipped[0]).toEqual({
      group: 'g',
      topic: 'events',
      partition: 1,
      offset: 2,
      value: 'a5',
    })
  })

  it('committedOffsetDecrease: a committed offset read lower after a higher one', () => {
    const history = cleanHistory()
    history.ops.push(committed(0, 2))
    const result = checkHistory(history)
    expectOnly(result, 'committedOffsetDecrease')
    expect(result.examples.committedOffsetDecrease[0]).toMatchObject({ partition: 0, offsets: [5, 2] })
  })

  it('committedOffsetDecrease: not between observations that overlap in time', () => {
    const history = cleanHistory()
    const commitTo5 = history.ops.find((op) => op.type === 'txn' && op.process === 'w2') as TxnOp
    // A read of 2 while the commit to 5 was in flight, and one after it: only the later one is wrong.
    history.ops.push({ ...committed(0, 2), at: commitTo5.invokedAt + 0.5 }, committed(0, 2))
    const result = checkHistory(history)
    expectOnly(result, 'committedOffsetDecrease')
    expect(result.examples.committedOffsetDecrease[0]?.offsets).toEqual([5, 2])
  })

  it('committedOffsetDecrease: not for a read that began before the commit it is compared with ended', () => {
    const history = cleanHistory()
    const commitTo5 = history.ops.find((op) => op.type === 'txn' && op.process === 'w2') as TxnOp
    // The read was sent while the commit was in flight and answered after it: it may have read first.
    history.ops.push({
      ...committed(0, 2),
      invokedAt: commitTo5.completedAt - 0.5,
      at: commitTo5.completedAt + 10,
    })
    expect(checkHistory(history).anomalies.committedOffsetDecrease).toBe(0)
  })

  it('reports every case in the count and the first few as examples', () => {
    const history = cleanHistory()
    for (let i = 0; i < 7; i++) appendFinal(history, 'events', 1, `ghost${i}`)
    const result = checkHistory(history)
    expect(result.anomalies.unwrittenRead).toBe(7)
    expect(result.examples.unwrittenRead).toHaveLength(5)
    expect(summarize(result)).toMatch(/^INVALID unwrittenRead=7: /)
  })
})
