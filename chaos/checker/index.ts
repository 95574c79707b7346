import type { History } from '../history.js'
import { checkCommittedOffsets } from './commits.js'
import { observe } from './observations.js'
import { checkOffsets } from './offsets.js'
import { checkPolls } from './polls.js'
import { checkReadWriters } from './reads.js'
import { checkAckedSends, checkSendOrder, checkVanishedReads, countRecords } from './sends.js'
import { checkTxnInputs, checkTxnOutputs } from './transactions.js'
import { ANOMALY_KINDS, type AnomalyCase, type AnomalyKind, type CheckResult, SAFETY_KINDS } from './types.js'

export { summarize } from './summary.js'
export * from './types.js'

/** Cases kept per kind in `examples`; the counts cover all. */
const EXAMPLES_PER_KIND = 5

/**
 * Checks a chaos run's history for the anomalies of Jepsen's Kafka workload (`jepsen.tests.kafka`),
 * judged against the final reads taken after healing. Pure: the same history gives the same result.
 */
export function checkHistory(history: History): CheckResult {
  const obs = observe(history)
  const txns = checkTxnOutputs(history, obs)
  const findings = [
    txns.findings,
    checkAckedSends(history, obs),
    checkVanishedReads(obs),
    checkSendOrder(history),
    checkReadWriters(obs),
    checkOffsets(obs, txns.duplicatedOutputs),
    checkPolls(history, obs),
    checkTxnInputs(history, obs),
    checkCommittedOffsets(history),
  ]

  const cases = (kind: AnomalyKind): AnomalyCase[] => findings.flatMap((f) => f[kind] ?? [])
  const anomalies = {} as Record<AnomalyKind, number>
  const examples = {} as Record<AnomalyKind, AnomalyCase[]>
  for (const kind of ANOMALY_KINDS) {
    const all = cases(kind)
    anomalies[kind] = all.length
    examples[kind] = all.slice(0, EXAMPLES_PER_KIND)
  }
  return {
    valid: SAFETY_KINDS.every((kind) => anomalies[kind] === 0),
    records: countRecords(history, obs),
    txns: txns.counts,
    anomalies,
    examples,
  }
}
