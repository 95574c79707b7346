import { SluiceError } from '../errors.js'
import type { TransactItem } from '../storage/log-index.js'
import type { AppendRecord, AppendResult } from './append-types.js'
import type { EngineDeps } from './deps.js'
import { answerAgain } from './idempotent-answer.js'
import { LIMITS } from './limits.js'

/** An Idempotency-Key, a hash of the request body, and the scope the key is unique in. */
export interface IdempotencyClaim {
  scope: string
  key: string
  bodyHash: string
}

/**
 * The answer of an earlier request under the claim's key, per topic of `requests` (the same records,
 * by the body hash); undefined when there was none. A key used with another body is refused.
 */
export async function replayIdempotent(
  deps: EngineDeps,
  idempotency: IdempotencyClaim,
  requests: readonly (readonly AppendRecord[])[],
  where: Record<string, unknown>,
): Promise<AppendResult[] | undefined> {
  const previous = await deps.idempotency.get(idempotency.scope, idempotency.key, deps.now())
  if (!previous) return undefined
  if (previous.bodyHash !== idempotency.bodyHash) {
    throw new SluiceError(
      'IDEMPOTENCY_KEY_REUSED',
      'this Idempotency-Key was used with a different request body',
      where,
    )
  }
  return answerAgain(previous.response, requests)
}

/**
 * The transaction item that records this request's answer (`kept`, see `keepAnswer`) under the claim's
 * key, written with the entries, unless a live record holds the key already.
 */
export function claimItem(
  deps: EngineDeps,
  idempotency: IdempotencyClaim,
  kept: unknown,
  now: number,
): TransactItem {
  const record = { bodyHash: idempotency.bodyHash, response: kept, expiresAt: now + LIMITS.idempotencyTtlMs }
  return deps.idempotency.claimItem(idempotency.scope, idempotency.key, record, now)
}
