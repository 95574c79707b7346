import { LIMITS } from './engine/limits.js'

/**
 * The API's rules in the words its 400 answers use (docs/api.md). The service's validation and the
 * CLI's own checks both word a broken rule with these, so a rule reads the same wherever it is
 * checked. Pure and free of the service's dependencies: the CLI imports it as it is.
 */

/** A value that broke a rule, `body.partitions must be an integer from 1 to 1024; got "3"`; without `got`, the rule alone. */
export function violation(place: string, rule: string, got?: unknown): string {
  return got === undefined ? `${place} ${rule}` : `${place} ${rule}; got ${shown(got)}`
}

/** The rule of an integer within [min, max], stated whole: one sentence for its type, lower and upper checks. */
export function integerRule(min: number, max: number = Number.MAX_SAFE_INTEGER): string {
  if (max !== Number.MAX_SAFE_INTEGER) return `must be an integer from ${min} to ${max}`
  return min === 0 ? 'must be a non-negative integer' : `must be an integer of at least ${min}`
}

/** How many items an array has against its bound: `has 10001 records; at most 10000 per request`. */
export function countRule(count: number, noun: string, bound: string, scope = ''): string {
  return `has ${count} ${noun}; ${bound}${scope}`
}

/** The rule of a value from a fixed set: `must be one of "utf8", "base64"`. */
export function oneOfRule(values: readonly unknown[]): string {
  return values.length === 1
    ? `must be ${shown(values[0])}`
    : `must be one of ${values.map(shown).join(', ')}`
}

/** A position: an offset or one of the log's ends. */
export const positionRule = 'must be "earliest", "latest" or a non-negative integer'

/**
 * Retention: -1 for forever, or at least the minimum. `form` says how an amount is written and
 * `minimum` states the limit in it: the API's integer of milliseconds, the CLI's duration.
 */
export function retentionRule(form = 'an integer', minimum: number | string = LIMITS.minRetentionMs): string {
  return `must be -1 (forever) or ${form} of at least ${minimum}`
}

/** Kafka's rule for topic and group names. */
export const NAME_PATTERN = /^[A-Za-z0-9._-]{1,249}$/

export const NAME_PATTERN_RULE = `must match ${NAME_PATTERN.source}`
export const NAME_NOT_DOTS_RULE = "must not be '.' or '..'"
export const isDotsName = (name: string) => name === '.' || name === '..'

/** The rule a topic or group name breaks, if any. */
export function brokenNameRule(name: string): string | undefined {
  if (!NAME_PATTERN.test(name)) return NAME_PATTERN_RULE
  if (isDotsName(name)) return NAME_NOT_DOTS_RULE
  return undefined
}

/** A partition beyond a topic's count: `partition 5 is out of range 0..2`. */
export function outOfRange(place: string, partition: number, partitions: number): string {
  return `${place} ${partition} is out of range 0..${partitions - 1}`
}

const MAX_SHOWN = 40

/** A value as JSON, cut to a readable length. */
export function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value)
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}…` : text
}
