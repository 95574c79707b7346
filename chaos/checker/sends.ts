import type { History } from '../history.js'
import { ackedLocation, finalCovers, type Observations, partitionKey } from './observations.js'
import type { AnomalyCase, Findings, RecordCounts } from './types.js'

/**
 * What became of sent records: lostWrite, vanishedRead, unseen, nonmonotonicSend.
 *
 * An indeterminate ('info') send may or may not have taken effect, so:
 * - it is never a lostWrite and never unseen: nothing promised it exists;
 * - it may be read, by consumers or the final reads (not an abortedRead);
 * - it is never read twice: its value at two locations is a `duplicate`, as for any value;
 * - once a consumer read it, it did take effect, and then the log must keep it: if the final reads
 *   lack it where they cover, that is a vanishedRead (a lostWrite proven by a reader, not by an ack);
 * - it has no acknowledged offsets, so it takes no part in nonmonotonicSend or in the
 *   acknowledged-offset check of inconsistentOffsets;
 * - a send with several records is not checked for all-or-nothing: the API contract promises that
 *   of transactions, not of sends.
 */

export function countRecords(history: History, obs: Observations): RecordCounts {
  const counts: RecordCounts = {
    acked: 0,
    failed: 0,
    indeterminate: 0,
    read: obs.readValues.size,
    indeterminateRead: 0,
    ackedUncovered: 0,
    finalRecords: [...obs.finals.values()].reduce((sum, final) => sum + final.records.length, 0),
  }

  for (const op of history.ops) {
    if (op.type !== 'send') continue
    for (const record of op.records) {
      if (op.outcome === 'ok') {
        counts.acked++
        const location = ackedLocation({ op, topic: op.topic, record })
        if (!location || !finalCovers(obs, location)) counts.ackedUncovered++
      } else if (op.outcome === 'fail') {
        counts.failed++
      } else {
        counts.indeterminate++
        if (obs.readValues.has(record.value)) counts.indeterminateRead++
      }
    }
  }
  return counts
}

/**
 * lostWrite: an acknowledged send's value the final reads do not hold anywhere, though the final read
 * of its partition covers its offset. An offset at or past the final read's end counts as covered: the
 * log lost its tail. Below the final read's start, retention may have removed it: not judged.
 * A value the final reads hold at another offset is not lost (inconsistentOffsets reports the move).
 *
 * unseen: an acknowledged send's value no consumer read (Jepsen's `unseen`), whatever the final reads say.
 */
export function checkAckedSends(history: History, obs: Observations): Findings {
  const lostWrite: AnomalyCase[] = []
  const unseen: AnomalyCase[] = []
  for (const op of history.ops) {
    if (op.type !== 'send' || op.outcome !== 'ok') continue
    for (const record of op.records) {
      const location = ackedLocation({ op, topic: op.topic, record })
      const where = {
        value: record.value,
        topic: op.topic,
        partition: record.partition,
        offset: record.offset,
      }
      if (location && finalCovers(obs, location) && !obs.finalLocations.has(record.value)) {
        lostWrite.push({ ...where, process: op.process })
      }
      if (!obs.consumed.has(record.value)) unseen.push({ ...where, process: op.process })
    }
  }
  return { lostWrite, unseen }
}

/** vanishedRead: see the module comment. One case per value. */
export function checkVanishedReads(obs: Observations): Findings {
  const vanishedRead: AnomalyCase[] = []
  const reported = new Set<string>()
  for (const r of obs.reads) {
    if (r.source === 'final' || r.value === null || reported.has(r.value)) continue
    const writes = obs.writes.get(r.value)
    const write = writes?.length === 1 ? writes[0] : undefined
    if (write?.op.type !== 'send' || write.op.outcome !== 'info') continue
    if (obs.finalLocations.has(r.value) || !finalCovers(obs, r)) continue
    reported.add(r.value)
    vanishedRead.push({
      value: r.value,
      topic: r.topic,
      partition: r.partition,
      offset: r.offset,
      process: r.process,
      note: `sent by ${write.op.process} (indeterminate)`,
    })
  }
  return { vanishedRead }
}

/**
 * nonmonotonicSend: per producer process and partition, each acknowledged offset must be above the one
 * before it. A process's ops run one after another, so their order in the history is the order they
 * happened in. Successive pairs are compared (as Jepsen does), so one bad offset is one case, not a
 * case for every later send. Sends and committed txns' outputs both count: both are this process's
 * appends.
 */
export function checkSendOrder(history: History): Findings {
  const nonmonotonicSend: AnomalyCase[] = []
  const last = new Map<string, { offset: number; value: string }>()
  for (const op of history.ops) {
    if ((op.type !== 'send' && op.type !== 'txn') || op.outcome !== 'ok') continue
    const topic = op.type === 'send' ? op.topic : op.outputTopic
    const records = op.type === 'send' ? op.records : op.outputs
    for (const record of records) {
      const location = ackedLocation({ op, topic, record })
      if (!location) continue
      const key = JSON.stringify([op.process, partitionKey(topic, location.partition)])
      const previous = last.get(key)
      if (previous && location.offset <= previous.offset) {
        nonmonotonicSend.push({
          process: op.process,
          topic,
          partition: location.partition,
          offsets: [previous.offset, location.offset],
          values: [previous.value, record.value],
        })
      }
      last.set(key, { offset: location.offset, value: record.value })
    }
  }
  return { nonmonotonicSend }
}
