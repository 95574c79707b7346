/** The typed error an API answer with a non-2xx status stands for. */
import {
  AlreadyCommittedError,
  AuthError,
  type ErrorContext,
  FencedError,
  GroupActiveError,
  GroupNotFoundError,
  IdempotencyKeyReusedError,
  InternalError,
  InvalidRequestError,
  LeaseHeldError,
  MethodNotAllowedError,
  NotFoundError,
  OffsetOutOfRangeError,
  PayloadTooLargeError,
  RecordTooLargeError,
  SluiceError,
  type SluiceErrorOptions,
  SubscriptionExistsError,
  SubscriptionNotFoundError,
  ThrottledError,
  TopicExistsError,
  TopicNotFoundError,
  UnavailableError,
} from './errors.js'

type ErrorClass = new (message: string, options: SluiceErrorOptions) => SluiceError

/** One class per code of docs/api.md's error table; an unknown code becomes a plain `SluiceError` carrying it. */
const classByCode: Record<string, ErrorClass> = {
  INVALID_REQUEST: InvalidRequestError,
  UNAUTHENTICATED: AuthError,
  FORBIDDEN: AuthError,
  TOPIC_NOT_FOUND: TopicNotFoundError,
  GROUP_NOT_FOUND: GroupNotFoundError,
  SUBSCRIPTION_NOT_FOUND: SubscriptionNotFoundError,
  NOT_FOUND: NotFoundError,
  METHOD_NOT_ALLOWED: MethodNotAllowedError,
  TOPIC_EXISTS: TopicExistsError,
  SUBSCRIPTION_EXISTS: SubscriptionExistsError,
  LEASE_HELD: LeaseHeldError,
  FENCED: FencedError,
  ALREADY_COMMITTED: AlreadyCommittedError,
  GROUP_ACTIVE: GroupActiveError,
  RECORD_TOO_LARGE: RecordTooLargeError,
  PAYLOAD_TOO_LARGE: PayloadTooLargeError,
  OFFSET_OUT_OF_RANGE: OffsetOutOfRangeError,
  IDEMPOTENCY_KEY_REUSED: IdempotencyKeyReusedError,
  THROTTLED: ThrottledError,
  UNAVAILABLE: UnavailableError,
  INTERNAL: InternalError,
}

/** The code an answer without an API error body (a proxy's or load balancer's page) stands for. */
function codeForStatus(status: number): string {
  if (status === 400) return 'INVALID_REQUEST'
  if (status === 401) return 'UNAUTHENTICATED'
  if (status === 403) return 'FORBIDDEN'
  if (status === 404) return 'NOT_FOUND'
  if (status === 405) return 'METHOD_NOT_ALLOWED'
  if (status === 413) return 'PAYLOAD_TOO_LARGE'
  if (status === 429) return 'THROTTLED'
  if (status === 502 || status === 503 || status === 504) return 'UNAVAILABLE'
  return 'INTERNAL'
}

/** Builds the typed error for an API answer with a non-2xx status. */
export function errorFromResponse(status: number, body: unknown, context: ErrorContext = {}): SluiceError {
  const apiError =
    typeof body === 'object' && body !== null && 'error' in body && typeof body.error === 'object'
      ? (body.error as Record<string, unknown> | null)
      : null
  const code = typeof apiError?.code === 'string' ? apiError.code : codeForStatus(status)
  const message = typeof apiError?.message === 'string' ? apiError.message : `HTTP ${status}`
  const retriable =
    typeof apiError?.retriable === 'boolean'
      ? apiError.retriable
      : code === 'THROTTLED' || code === 'UNAVAILABLE'
  const { code: _code, message: _message, retriable: _retriable, ...details } = apiError ?? {}
  const ErrorType = classByCode[code] ?? SluiceError
  return new ErrorType(message, { code, status, retriable, details, ...context })
}
