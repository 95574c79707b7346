import type * as z from 'zod/mini'
import { countRule, oneOfRule, violation } from '../rules.js'

/**
 * Turns zod's issues into messages a caller can act on: the field, the rule it broke and the value it
 * got, e.g. `body.partitions must be an integer from 1 to 1024; got "3"`. zod/mini ships no locale, so
 * left alone every issue reads "Invalid input".
 */

type Issue = z.core.$ZodIssue
type RawIssue = z.core.$ZodRawIssue

/** The rule an issue broke, for issues whose schema states none: zod calls this as the parse's error map. */
export function ruleOf(issue: RawIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'is required' : `must be ${article(issue.expected)}`
    case 'too_small':
    case 'too_big': {
      const small = issue.code === 'too_small'
      const limit = small ? issue.minimum : issue.maximum
      const bound = `${small ? 'at least' : 'at most'} ${limit}`
      if (issue.origin === 'array' && Array.isArray(issue.input))
        return countRule(issue.input.length, 'items', bound)
      if (!issue.inclusive) return `must be ${small ? 'greater' : 'less'} than ${limit}`
      return issue.origin === 'string' ? `must be ${bound} characters long` : `must be ${bound}`
    }
    case 'not_multiple_of':
      return `must be a multiple of ${issue.divisor}`
    case 'unrecognized_keys': {
      const names = issue.keys.map((k) => JSON.stringify(k)).join(', ')
      return issue.keys.length === 1 ? `has an unknown field ${names}` : `has unknown fields ${names}`
    }
    case 'invalid_value':
      return oneOfRule(issue.values)
    case 'invalid_format':
      return issue.format === 'regex' && 'pattern' in issue
        ? `must match ${issue.pattern}`
        : `must be a ${issue.format}`
    case 'invalid_union':
      return 'matches none of the accepted forms'
    case 'invalid_key':
      return 'has an invalid key'
    default:
      return 'is invalid'
  }
}

/**
 * The whole message of an issue: where it is (`where` and the issue's path), its rule, and the value
 * found there (strings quoted, long values cut) unless the rule already says what was got.
 */
export function issueMessage(issue: Issue, input: unknown, where: string): string {
  const chosen = closestAlternative(issue)
  const place = pathText(where, chosen.path)
  return violation(place, chosen.message, showsValue(chosen) ? shownValue(input, chosen.path) : undefined)
}

/**
 * Fields whose values no answer shows, not even back to the caller that sent them (a webhook's
 * secret): answers end up in logs and terminals.
 */
const SECRET_FIELDS = new Set(['secret'])

/** The value at `path` as a message may show it: nothing of a secret, and objects without theirs. */
function shownValue(input: unknown, path: PropertyKey[]): unknown {
  if (path.some((key) => SECRET_FIELDS.has(String(key)))) return undefined
  return withoutSecrets(valueAt(input, path))
}

function withoutSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSecrets)
  if (typeof value !== 'object' || value === null) return value
  return Object.fromEntries(
    Object.entries(value).map(([key, field]) => [key, SECRET_FIELDS.has(key) ? '…' : withoutSecrets(field)]),
  )
}

/**
 * Where a union failed in every alternative and exactly one alternative knew all the fields given, that
 * one was meant (`{"to": "x"}` of a reset): its issue says more than the union's rule.
 */
function closestAlternative(issue: Issue): Issue {
  if (issue.code !== 'invalid_union') return issue
  const fitting = issue.errors.filter((alt) => !alt.some((i) => i.code === 'unrecognized_keys'))
  const first = fitting.length === 1 ? fitting[0]?.[0] : undefined
  if (!first) return issue
  return closestAlternative({ ...first, path: [...issue.path, ...first.path] })
}

/** Sizes of arrays, unknown fields and missing fields say what was got; a value would only repeat it. */
function showsValue(issue: Issue): boolean {
  if (issue.code === 'unrecognized_keys') return false
  if ((issue.code === 'too_big' || issue.code === 'too_small') && issue.origin === 'array') return false
  return true
}

function pathText(where: string, path: PropertyKey[]): string {
  return path.reduce<string>(
    (text, key) => (typeof key === 'number' ? `${text}[${key}]` : `${text}.${String(key)}`),
    where,
  )
}

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let value = input
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined
    value = (value as Record<PropertyKey, unknown>)[key]
  }
  return value
}

function article(expected: string): string {
  const noun = expected === 'int' ? 'integer' : expected
  return /^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`
}
