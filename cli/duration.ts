/** Retention on the command line: `7d`, `12h`, `30m`, `45s`, `500ms`, plain milliseconds, or `-1`/`forever`. */

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
}

/** The duration in milliseconds, -1 for forever; `undefined` for text that is no duration. */
export function parseDuration(text: string): number | undefined {
  if (text === '-1' || text === 'forever') return -1
  const match = /^(\d+)(ms|s|m|h|d|w)?$/.exec(text.trim())
  return match ? Number(match[1]) * (UNIT_MS[match[2] ?? 'ms'] as number) : undefined
}

/** The largest unit that states `ms` exactly: 604800000 -> `7d`. */
export function formatDuration(ms: number): string {
  if (ms < 0) return 'forever'
  for (const unit of ['w', 'd', 'h', 'm', 's']) {
    const size = UNIT_MS[unit] as number
    if (ms > 0 && ms % size === 0) return `${ms / size}${unit}`
  }
  return `${ms}ms`
}
