/**
 * The CLI's own checks of its options and arguments, made before anything is sent. Each states the
 * service's rule in the service's words (functions/rules.ts) and limits, with the flag or argument in
 * place of the field: `--partitions must be an integer from 1 to 1024; got "3x"`. A value the CLI
 * refuses fails as the service would refuse it, with INVALID_REQUEST.
 */
import { InvalidRequestError } from '@sluice/sdk'
import { LIMITS } from '../functions/engine/limits.js'
import {
  brokenNameRule,
  integerRule,
  oneOfRule,
  outOfRange,
  positionRule,
  retentionRule,
  violation,
} from '../functions/rules.js'
import { parseFunctionArn } from '../functions/subscriptions/lambda-sdk.js'
import { SUBSCRIPTION_LIMITS } from '../functions/subscriptions/limits.js'
import { formatDuration, parseDuration } from './duration.js'

function invalid(message: string): InvalidRequestError {
  return new InvalidRequestError(message, { code: 'INVALID_REQUEST' })
}

/** Decimal digits for an integer within [min, max], as the API takes integers in its query strings. */
function integerWithin(text: string, min: number, max: number): number | undefined {
  const value = Number(text)
  return /^\d+$/.test(text) && Number.isSafeInteger(value) && value >= min && value <= max ? value : undefined
}

/** An integer option within [min, max]. */
export function integer(place: string, min = 0, max = Number.MAX_SAFE_INTEGER) {
  return (text: string): number => {
    const value = integerWithin(text, min, max)
    if (value === undefined) throw invalid(violation(place, integerRule(min, max), text))
    return value
  }
}

/** A topic's partition count, within the API's limit. */
export const partitionCount = (place: string) => integer(place, 1, LIMITS.maxPartitions)

/** A position: an offset or one of the log's ends. */
export function position(place: string) {
  return (text: string): number | 'earliest' | 'latest' => {
    if (text === 'earliest' || text === 'latest') return text
    const offset = integerWithin(text, 0, Number.MAX_SAFE_INTEGER)
    if (offset === undefined) throw invalid(violation(place, positionRule, text))
    return offset
  }
}

/** One of a fixed set of words. */
export function oneOf<T extends string>(place: string, values: readonly T[]) {
  return (text: string): T => {
    const value = values.find((v) => v === text)
    if (value === undefined) throw invalid(violation(place, oneOfRule(values), text))
    return value
  }
}

/** A topic or group name, by Kafka's rule as the API states it. */
export function validName(place: string) {
  return (text: string): string => {
    const rule = brokenNameRule(text)
    if (rule !== undefined) throw invalid(violation(place, rule, text))
    return text
  }
}

/** Retention as a duration (duration.ts): the API's rule and minimum, stated in durations. */
export function retention(place: string) {
  const rule = retentionRule('a duration', formatDuration(LIMITS.minRetentionMs))
  return (text: string): number => {
    const ms = parseDuration(text)
    if (ms === -1 || (ms !== undefined && Number.isSafeInteger(ms) && ms >= LIMITS.minRetentionMs)) return ms
    throw invalid(violation(place, rule, text))
  }
}

const DATETIME = 'an ISO 8601 date-time from 1970 on, e.g. 2024-05-01T12:00:00Z'

/** An ISO 8601 date-time, local without a zone; undefined for text that is none or before 1970. */
function parseDatetime(text: string): Date | undefined {
  // JavaScript reads a bare date as UTC midnight: make it local, as a date-time without a zone is.
  const when = new Date(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00` : text)
  return /^\d{4}-\d{2}-\d{2}/.test(text) && when.getTime() >= 0 ? when : undefined
}

/**
 * kafka-consumer-groups' `--to-datetime`: ISO 8601, in local time without a zone. From 1970 on,
 * as the API's timestamps are non-negative.
 */
export function datetime(place: string) {
  return (text: string): Date => {
    const when = parseDatetime(text)
    if (when === undefined) throw invalid(violation(place, `must be ${DATETIME}`, text))
    return when
  }
}

/** A subscription's batch size in records, within the API's limit. */
export const batchRecords = (place: string) => integer(place, 1, SUBSCRIPTION_LIMITS.maxBatchRecords)

/** How long a subscription waits to fill a batch, within the API's limit. */
export const batchWaitMs = (place: string) => integer(place, 0, SUBSCRIPTION_LIMITS.maxBatchWaitMs)

/** Where a subscription starts: one of the log's ends, or the first record at or after a date-time. */
export function startAt(place: string) {
  return (text: string): 'earliest' | 'latest' | { timestamp: number } => {
    if (text === 'earliest' || text === 'latest') return text
    const when = parseDatetime(text)
    if (when === undefined)
      throw invalid(violation(place, `must be "earliest", "latest" or ${DATETIME}`, text))
    return { timestamp: when.getTime() }
  }
}

/** A subscription's attempts at a batch: -1 (forever) or within the API's limit, as the service words it. */
export function maxAttempts(place: string) {
  const { maxAttempts: max } = SUBSCRIPTION_LIMITS
  return (text: string): number => {
    if (text === '-1') return -1
    const value = integerWithin(text, 1, max)
    if (value === undefined)
      throw invalid(
        violation(place, `must be -1 (forever) or ${integerRule(1, max).slice('must be '.length)}`, text),
      )
    return value
  }
}

/** A webhook's URL, as far as the CLI can tell: absolute http or https (the service checks where it points). */
export function webhookUrl(place: string) {
  return (text: string): string => {
    const protocol = URL.canParse(text) ? new URL(text).protocol : undefined
    if (protocol === 'https:' || protocol === 'http:') return text
    throw invalid(violation(place, 'must be an absolute http or https URL', text))
  }
}

/** A Lambda function's ARN, by the service's rule. */
export function functionArn(place: string) {
  return (text: string): string => {
    if (parseFunctionArn(text)) return text
    throw invalid(violation(place, 'must be the ARN of a Lambda function', text))
  }
}

/** Refuses a partition beyond the topic's count, as the service words it. */
export function checkPartition(place: string, partition: number, partitions: number): void {
  if (partition >= partitions) throw invalid(outOfRange(place, partition, partitions))
}
