import { ANOMALY_KINDS, type CheckResult } from './types.js'

/**
 * One line for a run's report, e.g.
 * `valid: 1200 acked, 3 failed, 40 indeterminate (12 read), 1180 read, 30 txns; unseen 0`
 * or `INVALID lostWrite=2 duplicate=1: 1200 acked, ...`.
 */
export function summarize(result: CheckResult): string {
  const { records, txns, anomalies } = result
  const found = ANOMALY_KINDS.filter((kind) => kind !== 'unseen' && anomalies[kind] > 0)
  const verdict = result.valid
    ? 'valid'
    : `INVALID ${found.map((kind) => `${kind}=${anomalies[kind]}`).join(' ')}`
  const txnCount = txns.committed + txns.failed + txns.indeterminate
  return (
    `${verdict}: ${records.acked} acked, ${records.failed} failed, ` +
    `${records.indeterminate} indeterminate (${records.indeterminateRead} read), ${records.read} read, ` +
    `${txnCount} txns (${txns.committed} ok, ${txns.indeterminate} indeterminate); unseen ${anomalies.unseen}`
  )
}
