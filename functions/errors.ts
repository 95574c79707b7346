import type { ContentfulStatusCode } from 'hono/utils/http-status'

/** The error codes of the API contract's table (docs/api.md). */
export type ErrorCode =
  | 'INVALID_REQUEST'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'TOPIC_NOT_FOUND'
  | 'GROUP_NOT_FOUND'
  | 'SUBSCRIPTION_NOT_FOUND'
  | 'NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'TOPIC_EXISTS'
  | 'SUBSCRIPTION_EXISTS'
  | 'LEASE_HELD'
  | 'FENCED'
  | 'GROUP_ACTIVE'
  | 'ALREADY_COMMITTED'
  | 'RECORD_TOO_LARGE'
  | 'PAYLOAD_TOO_LARGE'
  | 'OFFSET_OUT_OF_RANGE'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'THROTTLED'
  | 'UNAVAILABLE'
  | 'INTERNAL'

const STATUS: Record<ErrorCode, ContentfulStatusCode> = {
  INVALID_REQUEST: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  TOPIC_NOT_FOUND: 404,
  GROUP_NOT_FOUND: 404,
  SUBSCRIPTION_NOT_FOUND: 404,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  TOPIC_EXISTS: 409,
  SUBSCRIPTION_EXISTS: 409,
  LEASE_HELD: 409,
  FENCED: 409,
  GROUP_ACTIVE: 409,
  ALREADY_COMMITTED: 409,
  RECORD_TOO_LARGE: 413,
  PAYLOAD_TOO_LARGE: 413,
  OFFSET_OUT_OF_RANGE: 416,
  IDEMPOTENCY_KEY_REUSED: 422,
  THROTTLED: 429,
  UNAVAILABLE: 503,
  INTERNAL: 500,
}

const RETRIABLE = new Set<ErrorCode>(['THROTTLED', 'UNAVAILABLE'])

/**
 * The one error the service raises on purpose. The engine throws it, the app renders it as
 * `{"error": {code, message, retriable, ...details}}` with its status.
 */
export class SluiceError extends Error {
  readonly status: ContentfulStatusCode
  readonly retriable: boolean

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options)
    this.name = 'SluiceError'
    this.status = STATUS[code]
    this.retriable = RETRIABLE.has(code)
  }

  toJSON() {
    return { error: { code: this.code, message: this.message, retriable: this.retriable, ...this.details } }
  }
}

export const invalidRequest = (message: string, details?: Record<string, unknown>) =>
  new SluiceError('INVALID_REQUEST', message, details)

export const topicNotFound = (topic: string) =>
  new SluiceError('TOPIC_NOT_FOUND', `topic '${topic}' does not exist`, { topic })

export const unavailable = (message: string, cause?: unknown) =>
  new SluiceError('UNAVAILABLE', message, {}, { cause })
