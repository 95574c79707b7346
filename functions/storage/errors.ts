import { SluiceError, unavailable } from '../errors.js'

/** Throttling names the AWS SDK v3 uses for DynamoDB and S3. */
const THROTTLES = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'SlowDown',
  'TooManyRequestsException',
])

export const isConditionalCheckFailed = (err: unknown): boolean =>
  err instanceof Error && err.name === 'ConditionalCheckFailedException'

/** The cancellation reasons of a TransactWriteItems call, one per item, or undefined for other errors. */
export function cancellationReasons(err: unknown): (string | undefined)[] | undefined {
  if (!(err instanceof Error) || err.name !== 'TransactionCanceledException') return undefined
  const reasons = (err as Error & { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? []
  return reasons.map((r) => r.Code)
}

/**
 * Cancellation reasons that say nothing is wrong with the request: an item was in another transaction
 * in flight, or the table was throttled. The same transaction may then succeed.
 */
const TRANSIENT_REASONS = new Set(['TransactionConflict', 'ThrottlingError', 'ProvisionedThroughputExceeded'])

/** A transaction canceled only for transient reasons (the others `None`). */
function canceledTransiently(err: unknown): boolean {
  const reasons = cancellationReasons(err)?.filter((r) => r !== undefined && r !== 'None') ?? []
  return reasons.length > 0 && reasons.every((r) => TRANSIENT_REASONS.has(r as string))
}

/**
 * At the storage boundary every AWS failure becomes a domain error: throttling, conflicts with a
 * transaction in flight, and outages are retriable 503s (docs/api.md: "storage throttled or down"); our own
 * SluiceErrors pass through. Callers handle failed conditions before they get here.
 */
export function translateStorageError(err: unknown, what: string): Error {
  if (err instanceof SluiceError) return err
  const name = err instanceof Error ? err.name : 'Error'
  if (THROTTLES.has(name)) return unavailable(`storage throttled during ${what}`, err)
  if (name === 'TransactionConflictException' || canceledTransiently(err)) {
    return unavailable(`a concurrent transaction or throttling interrupted ${what}; retry`, err)
  }
  // A request the store refused as malformed is our bug, not an outage: it surfaces as INTERNAL.
  const fault = (err as { $fault?: string } | undefined)?.$fault
  if (fault === 'client' && err instanceof Error) return err
  return unavailable(`storage unavailable during ${what}: ${name}`, err)
}

/** Runs one storage call, translating whatever it throws. */
export async function storageCall<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call()
  } catch (err) {
    throw translateStorageError(err, what)
  }
}
