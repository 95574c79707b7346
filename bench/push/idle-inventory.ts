import { HOURS_PER_MONTH } from '../pricing.js'

/** Prices of what could run while nothing is produced (bench/inputs/aws-prices.json). */
export interface IdlePrices {
  /** Per GetRecords call by Lambda on a DynamoDB stream: free. */
  streamReadByLambda: number
  /** An event source mapping's polling in its default mode, per month: free. */
  eventSourceMappingPerMonth: number
  lambdaRequestsPerMillion: number
  schedulerInvocationsPerMillion: number
  dynamodbReadRequestUnitPerMillion: number
}

/** What was counted running during an idle window. */
export interface IdleCounts {
  windowSeconds: number
  /** Stream batches the push function's filter passed: its invocations by the event source mapping. */
  streamBatches: number
  /** Delivery runs woken: each an invocation, and at most a one-time schedule. */
  wakes: number
  /** Its storage calls, priced as reads (1 RRU each: an upper bound for what an idle call could be). */
  storageCalls: number
}

const STREAM_POLLS_PER_SECOND = 4
const SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600

/**
 * What a stack with subscriptions and nothing produced pays a month for delivery, line by line, from
 * the design (docs/api.md, Subscriptions): the push function's event source mapping polls the table's
 * stream 4 times a second per shard (reads by Lambda are free, the mapping's polling too), its filter
 * passes nothing while nothing is written, and no schedule exists while no retry waits. Invocations,
 * wakes (each priced as a schedule too: an upper bound) and storage calls are the rates counted in an
 * idle window, extrapolated to a month (invocations by request only: were there any, their duration
 * would add). Storage of the subscriptions' items is apart.
 */
export function idleInventory(prices: IdlePrices, counted: IdleCounts, shards = 1) {
  const perMonth = (n: number) => (n / counted.windowSeconds) * SECONDS_PER_MONTH
  const polls = STREAM_POLLS_PER_SECOND * SECONDS_PER_MONTH * shards
  const invocations = perMonth(counted.streamBatches + counted.wakes)
  const schedules = perMonth(counted.wakes)
  const calls = perMonth(counted.storageCalls)
  const lines = {
    streamPollsByLambda: { perMonth: polls, usd: polls * prices.streamReadByLambda },
    eventSourceMapping: { perMonth: 1, usd: prices.eventSourceMappingPerMonth },
    pushInvocations: { perMonth: invocations, usd: (invocations / 1e6) * prices.lambdaRequestsPerMillion },
    storageCalls: { perMonth: calls, usd: (calls / 1e6) * prices.dynamodbReadRequestUnitPerMillion },
    wakeSchedules: { perMonth: schedules, usd: (schedules / 1e6) * prices.schedulerInvocationsPerMillion },
  }
  return { dollarsPerMonth: Object.values(lines).reduce((sum, l) => sum + l.usd, 0), lines }
}
