/** How numbers, times and durations read in the console: one place, so every page says them alike. */

const counts = new Intl.NumberFormat('en-US')
const rates = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 })

export const formatCount = (n: number | null | undefined): string => (n == null ? '–' : counts.format(n))

export const formatRate = (perSecond: number): string => `${rates.format(perSecond)}/s`

const UNITS: ReadonlyArray<[string, number]> = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['min', 60_000],
  ['s', 1000],
]

/** `7 d`, `1 h 30 min`, `250 ms`; the two largest units that say it. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`
  const parts: string[] = []
  let rest = ms
  for (const [unit, size] of UNITS) {
    const n = Math.floor(rest / size)
    if (n > 0 && parts.length < 2) {
      parts.push(`${n} ${unit}`)
      rest -= n * size
    }
  }
  return parts.join(' ')
}

/** A topic's retention: `-1` keeps records forever. */
export const formatRetention = (retentionMs: number): string =>
  retentionMs === -1 ? 'forever' : formatDuration(retentionMs)

const pad = (n: number, width = 2) => String(n).padStart(width, '0')

/** Local time to the millisecond, `2026-11-06 14:03:07.120`: what a log line shows. */
export function formatTimestamp(ms: number): string {
  const d = new Date(ms)
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ` +
    `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`
  )
}

/** `in 8 s`, `3 min ago`, relative to `now`. */
export function formatRelative(ms: number, now: number): string {
  const delta = ms - now
  if (Math.abs(delta) < 1000) return 'now'
  const span = formatDuration(Math.abs(delta)).split(' ').slice(0, 2).join(' ')
  return delta > 0 ? `in ${span}` : `${span} ago`
}

/** A datetime-local input's value (local time) as ms since the epoch, or `undefined` when empty. */
export function parseLocalDateTime(value: string): number | undefined {
  if (!value) return undefined
  const ms = new Date(value).getTime()
  return Number.isNaN(ms) ? undefined : ms
}

/** The units retention is entered in. */
export const RETENTION_UNITS = [
  { label: 'minutes', ms: 60_000 },
  { label: 'hours', ms: 3_600_000 },
  { label: 'days', ms: 86_400_000 },
] as const
