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
/** Distinct errors listed per operation type, most frequent first. */
const ERRORS_SHOWN = 10

export interface ChaosResult {
  records: CheckResult['records']
  txns: CheckResult['txns']
  anomalies: CheckResult['anomalies']
  /** Faults injected, by kind (a kill then stall counts one of each). */
  faults: Record<FaultKind, number>
  /** Operations by type and outcome. */
  operations: Record<'send' | 'poll' | 'txn', Record<Outcome, number>>
  /**
   * The errors operations completed with (numbers as N), by type, most frequent first: what the service answered
   * (a 500 on a large produce, a 416 inside the range) when it was not an anomaly of the history.
   */
  errors: Record<'send' | 'poll' | 'txn', Array<{ error: string; count: number }>>
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
    errors: errorCounts(history),
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

function errorCounts(history: History): ChaosResult['errors'] {
  const counts = {
    send: new Map<string, number>(),
    poll: new Map<string, number>(),
    txn: new Map<string, number>(),
  }
  for (const op of history.ops) {
    if ((op.type === 'send' || op.type === 'poll' || op.type === 'txn') && op.error) {
      // Numbers after the leading status (offsets, epochs, partitions) apart, one error is one entry.
      const error = op.error.replace(/(?<=\D)\d+/g, 'N')
      counts[op.type].set(error, (counts[op.type].get(error) ?? 0) + 1)
    }
  }
  const top = (errors: Map<string, number>) =>
    [...errors]
      .sort((a, b) => b[1] - a[1])
      .slice(0, ERRORS_SHOWN)
      .map(([error, count]) => ({ error, count }))
  return { send: top(counts.send), poll: top(counts.poll), txn: top(counts.txn) }
}
