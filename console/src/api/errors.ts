import { SluiceError } from '@sluice/sdk'

/** What a failure says to a person: the API's own message (and code), or the error's. */
export function errorMessage(error: unknown): string {
  if (error instanceof SluiceError)
    return error.status > 0 ? `${error.message} (${error.code})` : error.message
  return error instanceof Error ? error.message : String(error)
}

export const isForbidden = (error: unknown): error is SluiceError =>
  error instanceof SluiceError && error.code === 'FORBIDDEN'

/** A route the service does not have (an older service without subscriptions answers this). */
export const isNoRoute = (error: unknown): boolean =>
  error instanceof SluiceError && error.code === 'NOT_FOUND'
