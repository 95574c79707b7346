import type { CheckResult } from './checker/index.js'
import type { FaultKind, History, Outcome } from './history.js'
import type { ChaosOptions } from './options.js'

const FAULT_KINDS: readonly FaultKind[] = [
  'kill',
  'pause',
  'stall',
  'throttle',
  'ambiguous',
  'clockSkew',
  'member',
]
/** Problems of the run itself kept in the result; the count covers all. */
const PROBLEMS_SHOWN = 50

export interface ChaosResult {
  records: CheckResult['records']
  txns: CheckResult['txns']
  anomalies: CheckResult['anomalies']
  /** Faults injected, by kind (a kill then stall counts one of each). */
  faults: Record<FaultKind, number>
  /** Operations by type and outcome. */
  operations: Record<'send' | 'poll' | 'txn', Record<Outcome, number>>
  seed: number
  /** The whole run, from starting the cluster to the end of the check. */
  durationMs: number
  instances: number
  examples: CheckResult['examples']
  /** What went wrong in the run itself: a fault it could not inject, a consumer that never caught up, a final read that gave up. */
  problems: { count: number; shown: string[] }
  settings: Pick<
    ChaosOptions,
    'durationMs' | 'scale' | 'holeTimeoutMs' | 'writerDeadlineMs' | 'requestTimeoutMs' | 'leaseMs'
  >
  startedAt: string
}

export function chaosResult(
  check: CheckResult,
  history: History,
  options: ChaosOptions,
  run: { startedAt: number; problems: readonly string[] },
): ChaosResult {
  const { durationMs, scale, holeTimeoutMs, writerDeadlineMs, requestTimeoutMs, leaseMs } = options
  return {
    records: check.records,
    txns: check.txns,
    anomalies: check.anomalies,
    faults: faultCounts(history),
    operations: operationCounts(history),
    seed: options.seed,
    durationMs: Date.now() - run.startedAt,
    instances: options.instances,
    examples: check.examples,
    problems: { count: run.problems.length, shown: run.problems.slice(0, PROBLEMS_SHOWN) },
    settings: { durationMs, scale, holeTimeoutMs, writerDeadlineMs, requestTimeoutMs, leaseMs },
    startedAt: new Date(run.startedAt).toISOString(),
  }
}

export function anomalyCount(result: ChaosResult): number {
  return Object.values(result.anomalies).reduce((sum, n) => sum + n, 0)
}

/** The run's one line: seed, time, acknowledged records, anomalies and faults. */
export function oneLine(result: ChaosResult, summary: string, out: string): string {
  const faults = FAULT_KINDS.map((kind) => `${kind} ${result.faults[kind]}`).join(', ')
  const problems = result.problems.count > 0 ? `, ${result.problems.count} run problems` : ''
  return (
    `chaos: seed ${result.seed}, ${Math.round(result.durationMs / 1000)} s, ${anomalyCount(result)} anomalies${problems}; ` +
    `${summary}; faults: ${faults}; ${out}`
  )
}

function faultCounts(history: History): Record<FaultKind, number> {
  const counts = Object.fromEntries(FAULT_KINDS.map((kind) => [kind, 0])) as Record<FaultKind, number>
  for (const op of history.ops) if (op.type === 'fault' && op.phase === 'start') counts[op.kind]++
  return counts
}

function operationCounts(history: History): ChaosResult['operations'] {
  const zero = () => ({ ok: 0, fail: 0, info: 0 })
  const counts = { send: zero(), poll: zero(), txn: zero() }
  for (const op of history.ops) {
    if (op.type === 'send' || op.type === 'poll' || op.type === 'txn') counts[op.type][op.outcome]++
  }
  return counts
}
