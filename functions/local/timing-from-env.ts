import { DEFAULT_TIMING, type EngineTiming } from '../engine/limits.js'
import type { DeliveryTiming } from '../subscriptions/limits.js'

/** The engine timings a local run may set, by environment variable. */
const TIMING_VARIABLES = {
  holeTimeoutMs: 'SLUICE_HOLE_TIMEOUT_MS',
  writerDeadlineMs: 'SLUICE_WRITER_DEADLINE_MS',
  pollIntervalMs: 'SLUICE_POLL_INTERVAL_MS',
} as const satisfies Partial<Record<keyof EngineTiming, string>>

type SettableTiming = Pick<EngineTiming, keyof typeof TIMING_VARIABLES>

/**
 * Engine timings from the environment, for local runs that need them shorter (a cluster under fault
 * injection waits out hole timeouts). Throws, naming the variable, on a value that is not a whole
 * number of milliseconds above 0, or a writer deadline not below the hole timeout.
 */
export function engineTimingFromEnv(
  env: Record<string, string | undefined> = process.env,
): Partial<SettableTiming> {
  const timing = millisecondsFromEnv(TIMING_VARIABLES, env)
  const writerDeadline = timing.writerDeadlineMs ?? DEFAULT_TIMING.writerDeadlineMs
  const holeTimeout = timing.holeTimeoutMs ?? DEFAULT_TIMING.holeTimeoutMs
  // A reader fills a hole only once its writer has certainly given up (see EngineTiming).
  if (writerDeadline >= holeTimeout) {
    throw new Error(
      `${TIMING_VARIABLES.writerDeadlineMs} (${writerDeadline} ms${timing.writerDeadlineMs ? '' : ', the default'}) ` +
        `must be below ${TIMING_VARIABLES.holeTimeoutMs} (${holeTimeout} ms${timing.holeTimeoutMs ? '' : ', the default'})`,
    )
  }
  return timing
}

/** The delivery timings a local run may set: tests of subscriptions run with short leases and budgets. */
const DELIVERY_VARIABLES = {
  leaseMs: 'SLUICE_DELIVERY_LEASE_MS',
  budgetMs: 'SLUICE_DELIVERY_BUDGET_MS',
  targetTimeoutMs: 'SLUICE_DELIVERY_TIMEOUT_MS',
  stalledRecheckMs: 'SLUICE_DELIVERY_RECHECK_MS',
} as const satisfies Partial<Record<keyof DeliveryTiming, string>>

/** Delivery timings from the environment, checked as the engine's are. */
export function deliveryTimingFromEnv(
  env: Record<string, string | undefined> = process.env,
): Partial<Pick<DeliveryTiming, keyof typeof DELIVERY_VARIABLES>> {
  return millisecondsFromEnv(DELIVERY_VARIABLES, env)
}

/** How often the local server reads the table's stream (janitor and subscription dispatch). */
export function streamPollMsFromEnv(
  env: Record<string, string | undefined> = process.env,
): number | undefined {
  return millisecondsFromEnv({ streamPollMs: 'SLUICE_STREAM_POLL_MS' }, env).streamPollMs
}

/** The variables set, each a whole number of milliseconds above 0 (else throws, naming it). */
function millisecondsFromEnv<F extends string>(
  variables: Record<F, string>,
  env: Record<string, string | undefined>,
): Partial<Record<F, number>> {
  const timing: Partial<Record<F, number>> = {}
  for (const [field, variable] of Object.entries(variables) as [F, string][]) {
    const raw = env[variable]
    if (raw === undefined || raw === '') continue
    if (!/^[0-9]+$/.test(raw) || Number(raw) === 0 || !Number.isSafeInteger(Number(raw))) {
      throw new Error(`${variable} must be a whole number of milliseconds above 0, not "${raw}"`)
    }
    timing[field] = Number(raw)
  }
  return timing
}
