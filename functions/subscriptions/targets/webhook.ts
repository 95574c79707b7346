import type { LookupFunction } from 'node:net'
import { jsonOrNothing, parseDeliveryAnswer } from '../delivery-answer.js'
import {
  type DeliveryAnswer,
  DeliveryError,
  type DeliveryRequest,
  type DeliveryTarget,
} from '../delivery-target.js'
import { signatureHeader } from '../signature.js'
import { checkWebhookUrl, type ResolvedAddress, type UrlPolicy, UrlRefused } from './url-policy.js'

/** An answer larger than any `produce` a transaction could append is not read. */
const MAX_ANSWER_BYTES = 6 * 1024 * 1024

export interface WebhookOptions {
  url: string
  secret: string
  policy: UrlPolicy
  /** The clock the signature's time is read from. */
  now: () => number
}

/**
 * Delivers by POSTing the event as JSON (docs/api.md): signed, with the batch's Idempotency-Key,
 * redirects not followed, within the request's timeout. The URL is checked again at each delivery and
 * the connection made to the addresses checked, never to what a later lookup might answer.
 */
export function webhookTarget(options: WebhookOptions): DeliveryTarget {
  return {
    async deliver(request: DeliveryRequest): Promise<DeliveryAnswer> {
      const checked = await checkWebhookUrl(options.policy, options.url).catch((err: unknown) => {
        throw err instanceof UrlRefused ? new DeliveryError(err.message) : err
      })
      const body = JSON.stringify(request.event)
      // Loaded on the first delivery: undici is most of a deliverer's code, and the HTTP functions,
      // which check webhook URLs but never deliver, would otherwise load it at every cold start.
      const { Agent, fetch } = await import('undici')
      const agent = new Agent({ connect: { lookup: pinnedLookup(checked.addresses) } })
      try {
        const response = await fetch(checked.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'idempotency-key': request.idempotencyKey,
            'sluice-signature': signatureHeader(options.secret, body, options.now()),
            'user-agent': 'Sluice',
          },
          body,
          redirect: 'manual',
          signal: AbortSignal.timeout(request.timeoutMs),
          dispatcher: agent,
        })
        if (response.status < 200 || response.status > 299) {
          await response.body?.cancel()
          const redirect =
            response.status >= 300 && response.status < 400 ? ' (redirects are not followed)' : ''
          throw new DeliveryError(`webhook answered ${response.status}${redirect}`)
        }
        const text = await response.text()
        if (Buffer.byteLength(text) > MAX_ANSWER_BYTES) {
          throw new DeliveryError(`webhook answer is larger than ${MAX_ANSWER_BYTES} bytes`)
        }
        return parseDeliveryAnswer(jsonOrNothing(text), 'webhook answer')
      } catch (err) {
        throw failure(err, request.timeoutMs)
      } finally {
        void agent.destroy()
      }
    },
  }
}

/** What went wrong, briefly: a timeout, or why the webhook could not be reached. */
function failure(err: unknown, timeoutMs: number): DeliveryError {
  if (err instanceof DeliveryError) return err
  const name = err instanceof Error ? err.name : ''
  if (name === 'TimeoutError' || name === 'AbortError')
    return new DeliveryError(`timed out after ${timeoutMs} ms`)
  const cause =
    err instanceof Error ? (err.cause as { code?: string; message?: string } | undefined) : undefined
  const reason = cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err))
  return new DeliveryError(`webhook unreachable: ${reason}`, { cause: err })
}

/** A lookup that answers only the addresses the policy checked. */
function pinnedLookup(addresses: readonly ResolvedAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    const family = typeof options.family === 'number' ? options.family : 0
    const fitting = addresses.filter((a) => family === 0 || a.family === family)
    const first = fitting[0]
    if (!first) {
      const err = Object.assign(new Error('no checked address of that family'), { code: 'ENOTFOUND' })
      callback(err, '', 0)
    } else if (options.all) {
      // Node's types give the callback one form; with `all` it takes the list.
      ;(callback as unknown as (e: null, all: ResolvedAddress[]) => void)(null, fitting)
    } else {
      callback(null, first.address, first.family)
    }
  }
}
