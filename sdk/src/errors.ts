/**
 * Typed errors. Every failure the SDK reports is a `SluiceError`: API errors carry the API's `code`
 * and HTTP `status`; failures that never reached an answer (network, timeout) and checks made in the
 * client before anything is sent have codes of their own and `status` 0.
 */

/** Where an error applies, when it applies to one topic or partition. */
export interface ErrorContext {
  topic?: string
  partition?: number
}

export interface SluiceErrorOptions extends ErrorContext {
  code: string
  status?: number
  retriable?: boolean
  /** The error's extra fields as the API sent them (e.g. `startOffset`, `owner`). */
  details?: Record<string, unknown>
  cause?: unknown
}

export class SluiceError extends Error {
  /** The API's error code (`TOPIC_NOT_FOUND`, ...) or a client code (`NETWORK`, `TIMEOUT`, `PRODUCER_CLOSED`). */
  readonly code: string
  /** HTTP status of the answer; 0 when there was none. */
  readonly status: number
  /** Whether trying the same request again may succeed. */
  readonly retriable: boolean
  readonly topic: string | undefined
  readonly partition: number | undefined
  readonly details: Record<string, unknown>

  constructor(message: string, options: SluiceErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = new.target.name
    this.code = options.code
    this.status = options.status ?? 0
    this.retriable = options.retriable ?? false
    this.topic = options.topic
    this.partition = options.partition
    this.details = options.details ?? {}
  }
}

/** 400 INVALID_REQUEST, or the same check made in the client before sending. */
export class InvalidRequestError extends SluiceError {}
/** 401 UNAUTHENTICATED and 403 FORBIDDEN. */
export class AuthError extends SluiceError {}
export class TopicNotFoundError extends SluiceError {}
export class GroupNotFoundError extends SluiceError {}
export class SubscriptionNotFoundError extends SluiceError {}
/** 404 NOT_FOUND: no route has this path. */
export class NotFoundError extends SluiceError {}
/**
 * 405 METHOD_NOT_ALLOWED: the route exists but not with this method; the message names the methods it
 * answers (the `Allow` header lists them). Not retriable: the same request would be refused again.
 */
export class MethodNotAllowedError extends SluiceError {}
export class TopicExistsError extends SluiceError {}
export class SubscriptionExistsError extends SluiceError {}
/** 409 LEASE_HELD: `owner` and `expiresAt` say who holds the lease until when. */
export class LeaseHeldError extends SluiceError {
  get owner(): string | undefined {
    return this.details.owner as string | undefined
  }
  get expiresAt(): number | undefined {
    return this.details.expiresAt as number | undefined
  }
}
export class FencedError extends SluiceError {}
/**
 * 409 ALREADY_COMMITTED: a transaction's commit would not move the committed offset forward, so it was
 * refused and nothing appended: its inputs were processed already (by a transaction whose answer was
 * lost). `committedOffset` is where the partition's consumption resumes.
 */
export class AlreadyCommittedError extends SluiceError {
  get committedOffset(): number | undefined {
    return this.details.committedOffset as number | undefined
  }
}
export class GroupActiveError extends SluiceError {}
/** 413 RECORD_TOO_LARGE (one record over 1 MiB), also raised in the client before sending. */
export class RecordTooLargeError extends SluiceError {}
export class PayloadTooLargeError extends SluiceError {}
/** 416 OFFSET_OUT_OF_RANGE: `startOffset` and `endOffset` give the readable range. */
export class OffsetOutOfRangeError extends SluiceError {
  get startOffset(): number | undefined {
    return this.details.startOffset as number | undefined
  }
  get endOffset(): number | undefined {
    return this.details.endOffset as number | undefined
  }
}
export class IdempotencyKeyReusedError extends SluiceError {}
export class ThrottledError extends SluiceError {}
export class UnavailableError extends SluiceError {}
export class InternalError extends SluiceError {}
/** The request never got an answer: connection refused or dropped (retriable). */
export class NetworkError extends SluiceError {}
/** No answer within the client's `requestTimeoutMs` (retriable). */
export class TimeoutError extends SluiceError {}
/** `send()` on a producer after `close()`. */
export class ProducerClosedError extends SluiceError {}

/** Why `verifySignature` refused a delivery. */
export type SignatureFailure = 'malformed' | 'stale' | 'mismatch'

/**
 * `verifySignature` refused a delivery (code `INVALID_SIGNATURE`): the `Sluice-Signature` header is
 * missing or malformed, its time is outside the tolerance, or no secret signs the body to it. Answer
 * such a request with 401 and do not act on it.
 */
export class SignatureVerificationError extends SluiceError {
  readonly reason: SignatureFailure

  constructor(reason: SignatureFailure, message: string) {
    super(message, { code: 'INVALID_SIGNATURE' })
    this.reason = reason
  }
}
