import { formatLocation, type Observations } from './observations.js'
import type { AnomalyCase, Findings } from './types.js'

/**
 * Who wrote what was read, by any reader (consumers and the final reads alike):
 *
 * abortedRead (Jepsen's G1a): every attempt to write the value definitely failed ('fail': the contract
 * says a rejected request changes nothing), yet it was read. A txn output counts as failed only when
 * every txn that wrote it failed: a failed txn's input is normally reprocessed by a later txn, which
 * writes the same output value.
 *
 * unwrittenRead: no operation in the history wrote the value: the service invented or corrupted it.
 * A null value is one of these (workloads never send null); all nulls count as one case.
 *
 * One case per value, at the first place it was read.
 */
export function checkReadWriters(obs: Observations): Findings {
  const abortedRead: AnomalyCase[] = []
  const unwrittenRead: AnomalyCase[] = []
  const judged = new Set<string | null>()
  for (const r of obs.reads) {
    if (judged.has(r.value)) continue
    judged.add(r.value)
    const writes = r.value === null ? undefined : obs.writes.get(r.value)
    const where = {
      value: r.value,
      at: [formatLocation(r)],
      note: `read by ${r.process ?? 'the final read'}`,
    }
    if (!writes) {
      unwrittenRead.push(where)
    } else if (writes.every((w) => w.op.outcome === 'fail')) {
      abortedRead.push({ ...where, processes: writes.map((w) => w.op.process) })
    }
  }
  return { abortedRead, unwrittenRead }
}
