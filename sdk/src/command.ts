/**
 * One command object per API operation: the request it makes, what its errors apply to, and how its
 * answer becomes the result. `Sluice.execute` runs any of them.
 */
import type { ErrorContext } from './errors.js'
import type { TransportRequest, TransportResponse } from './transport.js'

export interface Command<TResult> {
  readonly request: TransportRequest
  readonly context: ErrorContext
  parse(response: TransportResponse): TResult
}

/** Escapes one path segment (topic names are restricted, but a bad name must fail as a 400, not a 404). */
export function segment(value: string | number): string {
  return encodeURIComponent(String(value))
}
