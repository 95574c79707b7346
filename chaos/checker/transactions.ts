import { type History, type TxnOp, txnOutputValue } from '../history.js'
import {
  ackedLocation,
  finalCovers,
  formatLocation,
  type Observations,
  partitionKey,
} from './observations.js'
import type { AnomalyCase, Findings, TxnCounts } from './types.js'

/**
 * The exactly-once read-process-write workload. Each txn consumes inputs from one partition, writes one
 * output per input (txnOutputValue), and commits its group's offset, all or nothing.
 *
 * A committed txn is an ok one, or an indeterminate one whose effect was seen: some output of it was
 * read (anywhere) that no other txn that may have committed also wrote (Jepsen's must-have-committed).
 * A committed txn did all of it, so every one of its inputs needs its output. An indeterminate txn with
 * no such evidence may have done all or nothing: its outputs may be absent, and present at most once.
 *
 * Per input value, over the txns that consumed it (failed ones did nothing and are left out):
 * - txnOutputDuplicate: its output is in the final reads more than once, or two committed txns
 *   consumed it (processed twice, even if one output was then lost);
 * - txnOutputMissing: a committed txn consumed it and the final reads hold no output for it, though
 *   they cover where it should be.
 * An output read whose writers all failed is an abortedRead, reported with the other reads.
 *
 * An output value names only its input, not the group: one group per input topic keeps outputs unique.
 */
export interface TxnFindings {
  findings: Findings
  counts: TxnCounts
  /** Output values reported as txnOutputDuplicate, so the generic duplicate check skips them. */
  duplicatedOutputs: Set<string>
}

export function checkTxnOutputs(history: History, obs: Observations): TxnFindings {
  const txns = history.ops.filter((op): op is TxnOp => op.type === 'txn')
  const committed = new Set(txns.filter((t) => t.outcome === 'ok' || seenToCommit(t, obs)))
  const counts: TxnCounts = {
    committed: txns.filter((t) => t.outcome === 'ok').length,
    failed: txns.filter((t) => t.outcome === 'fail').length,
    indeterminate: txns.filter((t) => t.outcome === 'info').length,
    indeterminateCommitted: [...committed].filter((t) => t.outcome === 'info').length,
  }

  const consumers = new Map<string, { committed: Set<TxnOp>; first: string }>()
  for (const txn of txns) {
    if (txn.outcome === 'fail') continue
    for (const input of txn.inputs) {
      if (input.value === null) continue
      const at = formatLocation({
        topic: txn.inputTopic,
        partition: txn.inputPartition,
        offset: input.offset,
      })
      const entry = consumers.get(input.value) ?? { committed: new Set<TxnOp>(), first: at }
      if (committed.has(txn)) entry.committed.add(txn)
      consumers.set(input.value, entry)
    }
  }

  const txnOutputMissing: AnomalyCase[] = []
  const txnOutputDuplicate: AnomalyCase[] = []
  const duplicatedOutputs = new Set<string>()
  for (const [input, { committed: by, first }] of consumers) {
    const output = txnOutputValue(input)
    const found = obs.finalLocations.get(output) ?? []
    const processes = [...by].map((t) => t.process)
    if (by.size > 1 || found.length > 1) {
      duplicatedOutputs.add(output)
      txnOutputDuplicate.push({
        value: output,
        at: found.map(formatLocation),
        processes,
        note: `input ${input} at ${first}, consumed by ${by.size} committed txns`,
      })
    } else if (found.length === 0 && [...by].some((t) => outputCovered(t, output, obs))) {
      txnOutputMissing.push({ value: output, processes, note: `input ${input} at ${first}` })
    }
  }
  return { findings: { txnOutputMissing, txnOutputDuplicate }, counts, duplicatedOutputs }
}

/** An indeterminate txn committed if an output only it (of the txns that may have committed) wrote was read. */
function seenToCommit(txn: TxnOp, obs: Observations): boolean {
  if (txn.outcome !== 'info') return false
  return txn.outputs.some((output) => {
    if (!obs.readValues.has(output.value)) return false
    const writers = (obs.writes.get(output.value) ?? []).filter((w) => w.op.outcome !== 'fail')
    return writers.length === 1 && writers[0]?.op === txn
  })
}

/**
 * Whether the final reads can tell that a committed txn's output is missing: at its acknowledged offset,
 * when known, the final read of that partition covers it; otherwise (an indeterminate txn, or an output
 * the txn never wrote) the output topic was read in full, from offset 0 in every partition.
 */
function outputCovered(txn: TxnOp, output: string, obs: Observations): boolean {
  const record = txn.outputs.find((r) => r.value === output)
  const location = record && ackedLocation({ op: txn, topic: txn.outputTopic, record })
  if (location) return finalCovers(obs, location)
  const finals = [...obs.finals.values()].filter((f) => f.read.topic === txn.outputTopic)
  return finals.length > 0 && finals.every((f) => f.read.startOffset === 0)
}

/**
 * txnInputSkipped: the other half of exactly-once. Per (group, input topic, partition) that txns
 * consumed: every record the final read holds from where the group started (the lowest offset a txn read
 * or a committed-offset read showed) up to the highest committed offset observed (ok txns' commits and
 * committed-offset reads) must have been consumed by some txn of the group that may have committed (ok or
 * indeterminate). Otherwise the group committed past a record nobody processed. One case per record.
 */
export function checkTxnInputs(history: History, obs: Observations): Findings {
  interface GroupPartition {
    group: string
    topic: string
    partition: number
    from: number
    committed: number
    consumed: Set<number>
  }
  const byKey = new Map<string, GroupPartition>()
  const keyOf = (group: string, topic: string, partition: number) =>
    JSON.stringify([group, partitionKey(topic, partition)])

  for (const op of history.ops) {
    if (op.type !== 'txn') continue
    const key = keyOf(op.group, op.inputTopic, op.inputPartition)
    const entry = byKey.get(key) ?? {
      group: op.group,
      topic: op.inputTopic,
      partition: op.inputPartition,
      from: Number.POSITIVE_INFINITY,
      committed: Number.NEGATIVE_INFINITY,
      consumed: new Set<number>(),
    }
    byKey.set(key, entry)
    for (const input of op.inputs) {
      entry.from = Math.min(entry.from, input.offset)
      if (op.outcome !== 'fail') entry.consumed.add(input.offset)
    }
    if (op.outcome === 'ok') entry.committed = Math.max(entry.committed, op.commitOffset)
  }
  for (const op of history.ops) {
    if (op.type !== 'committed') continue
    const entry = byKey.get(keyOf(op.group, op.topic, op.partition))
    if (!entry) continue
    entry.from = Math.min(entry.from, op.offset)
    entry.committed = Math.max(entry.committed, op.offset)
  }

  const txnInputSkipped: AnomalyCase[] = []
  for (const { group, topic, partition, from, committed, consumed } of byKey.values()) {
    const final = obs.finals.get(partitionKey(topic, partition))
    for (const record of final?.records ?? []) {
      if (record.offset < from || record.offset >= committed || consumed.has(record.offset)) continue
      txnInputSkipped.push({ group, topic, partition, offset: record.offset, value: record.value })
    }
  }
  return { txnInputSkipped }
}
