import { DEFAULT_TIMING, type EngineTiming } from '../engine/limits.js'

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
  const timing: Partial<SettableTiming> = {}
  for (const [field, variable] of Object.entries(TIMING_VARIABLES) as [keyof SettableTiming, string][]) {
    const raw = env[variable]
    if (raw === undefined || raw === '') continue
    if (!/^[0-9]+$/.test(raw) || Number(raw) === 0 || !Number.isSafeInteger(Number(raw))) {
      throw new Error(`${variable} must be a whole number of milliseconds above 0, not "${raw}"`)
    }
    timing[field] = Number(raw)
  }
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
