/**
 * A chaos run's settings, from the environment (CHAOS_*) or `--name=value` arguments (which win).
 * Engine timing is shortened so that faults longer than the hole timeout fit in a short run.
 */
export interface ChaosOptions {
  seed: number
  /** How long the workloads and the nemesis run, before healing and the final reads. */
  durationMs: number
  /** Where the result JSON goes. */
  out: string
  /**
   * Multiplies the records per produce request and the size of large requests: 1 is the full run's
   * load (over 100,000 acknowledged records in its default duration), 0.2 a light one.
   */
  scale: number
  instances: number
  /** The engine's hole timeout in the instances; every stall and pause outlasts it. */
  holeTimeoutMs: number
  /** A writer gives up on its reservation after this long (well below the hole timeout). */
  writerDeadlineMs: number
  /**
   * How often a long-polling fetch reads the partition's head when no append in its own instance
   * woke it: every tailing loop costs the stores a read this often.
   */
  pollIntervalMs: number
  /** A client request unanswered this long (beyond its waitMs) completes as `info`. */
  requestTimeoutMs: number
  /** Lease and session time of the exactly-once consumer group's members. */
  leaseMs: number
  /** Where the run keeps its logs and member journals (a temp dir unless set). */
  workDir: string | undefined
}

const DEFAULTS = {
  durationMs: 10 * 60_000,
  out: 'chaos/results/latest.json',
  scale: 1,
  instances: 3,
  holeTimeoutMs: 5000,
  writerDeadlineMs: 2000,
  pollIntervalMs: 250,
  requestTimeoutMs: 8000,
  leaseMs: 3000,
}

export function chaosOptions(
  env: Record<string, string | undefined> = process.env,
  argv: readonly string[] = process.argv.slice(2),
): ChaosOptions {
  const args = new Map<string, string>()
  for (const arg of argv) {
    const match = /^--([a-z-]+)=(.*)$/.exec(arg)
    if (!match) throw new Error(`unknown argument ${arg}: give --name=value`)
    args.set(match[1] as string, match[2] as string)
  }
  const value = (arg: string, name: string) => args.get(arg) ?? env[name]
  const number = (arg: string, name: string, fallback: number) => {
    const text = value(arg, name)
    if (text === undefined || text === '') return fallback
    const n = Number(text)
    if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number, not ${text}`)
    return n
  }
  return {
    seed: number('seed', 'CHAOS_SEED', Math.floor(Math.random() * 2 ** 31)) >>> 0,
    durationMs: number('duration-ms', 'CHAOS_DURATION_MS', DEFAULTS.durationMs),
    out: value('out', 'CHAOS_OUT') || DEFAULTS.out,
    scale: number('scale', 'CHAOS_SCALE', DEFAULTS.scale),
    instances: Math.max(2, Math.round(number('instances', 'CHAOS_INSTANCES', DEFAULTS.instances))),
    holeTimeoutMs: number('hole-timeout-ms', 'CHAOS_HOLE_TIMEOUT_MS', DEFAULTS.holeTimeoutMs),
    writerDeadlineMs: number('writer-deadline-ms', 'CHAOS_WRITER_DEADLINE_MS', DEFAULTS.writerDeadlineMs),
    pollIntervalMs: number('poll-interval-ms', 'CHAOS_POLL_INTERVAL_MS', DEFAULTS.pollIntervalMs),
    requestTimeoutMs: number('request-timeout-ms', 'CHAOS_REQUEST_TIMEOUT_MS', DEFAULTS.requestTimeoutMs),
    leaseMs: number('lease-ms', 'CHAOS_LEASE_MS', DEFAULTS.leaseMs),
    workDir: value('work-dir', 'CHAOS_WORK_DIR') || undefined,
  }
}
