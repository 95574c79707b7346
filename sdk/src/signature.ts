/**
 * Verifying a webhook delivery's `Sluice-Signature` (docs/api.md, Subscriptions):
 * `t=<unix ms>,v1=<hex HMAC-SHA256 of "<t>.<body>" with the secret>`. WebCrypto only, so it runs in
 * Node 20+, browsers, Deno, Bun and edge runtimes alike.
 */
import { InvalidRequestError, SignatureVerificationError } from './errors.js'

/** The header's name, lower-cased as Node's `req.headers` and `Headers.get` take it. */
export const SIGNATURE_HEADER = 'sluice-signature'

/** A signature older or newer than this (5 minutes) is refused by default: a captured delivery replays no longer. */
export const DEFAULT_SIGNATURE_TOLERANCE_MS = 300_000

export interface VerifySignatureOptions {
  /**
   * The subscription's webhook secret; several while rotating it (a delivery signed with any of them passes).
   */
  secret: string | readonly string[]
  /** The `Sluice-Signature` header as received (`req.headers['sluice-signature']`, `headers.get(...)`). */
  header: string | readonly string[] | null | undefined
  /** The raw body, exactly as received: parsing and serializing the JSON again changes the bytes. */
  body: string | Uint8Array
  /**
   * How far the signature's time may be from `now`, either way, in ms.
   *
   * @default 300_000 (5 minutes)
   */
  toleranceMs?: number
  /**
   * The time to judge the signature's time by, in ms since the epoch.
   *
   * @default Date.now()
   */
  now?: number
}

const encoder = new TextEncoder()
const HEX_MAC = /^[0-9a-f]{64}$/i
const TIME = /^\d{1,16}$/

/**
 * Checks that a webhook delivery was signed by Sluice with the secret, recently. Resolves with the
 * signature's time (ms since the epoch); throws `SignatureVerificationError` (`reason` `malformed`,
 * `stale` or `mismatch`) otherwise: answer 401 and leave the body alone. The MACs are compared in
 * constant time.
 *
 * @example
 * await verifySignature({ secret, header: req.headers['sluice-signature'], body: rawBody })
 */
export async function verifySignature(options: VerifySignatureOptions): Promise<number> {
  const secrets = typeof options.secret === 'string' ? [options.secret] : options.secret
  if (secrets.length === 0 || secrets.some((secret) => typeof secret !== 'string' || secret === '')) {
    throw new InvalidRequestError('verifySignature needs a non-empty secret', { code: 'INVALID_REQUEST' })
  }
  const tolerance = options.toleranceMs ?? DEFAULT_SIGNATURE_TOLERANCE_MS
  if (!(Number.isFinite(tolerance) && tolerance >= 0)) {
    throw new InvalidRequestError(`toleranceMs must be a non-negative number; got ${tolerance}`, {
      code: 'INVALID_REQUEST',
    })
  }
  const { time, macs } = parseHeader(options.header)
  const now = options.now ?? Date.now()
  if (Math.abs(now - time) > tolerance) {
    throw new SignatureVerificationError(
      'stale',
      `the signature's time ${new Date(time).toISOString()} is more than ${tolerance} ms from now`,
    )
  }
  const body = typeof options.body === 'string' ? encoder.encode(options.body) : options.body
  const signed = concat(encoder.encode(`${time}.`), body)
  for (const secret of secrets) {
    const expected = await hmacSha256(secret, signed)
    // Every MAC is compared, whatever matched before: the time taken says nothing of which one did.
    let matched = false
    for (const mac of macs) matched = constantTimeEqual(expected, mac) || matched
    if (matched) return time
  }
  throw new SignatureVerificationError('mismatch', 'the signature does not match the body and secret')
}

/** `t=<ms>,v1=<hex>[,v1=<hex>...]`; other schemes (a later `v2`) are ignored. */
function parseHeader(header: VerifySignatureOptions['header']): { time: number; macs: Uint8Array[] } {
  const value = typeof header === 'string' ? header : header?.length === 1 ? header[0] : undefined
  if (value === undefined || value === null) {
    throw new SignatureVerificationError('malformed', 'no single Sluice-Signature header')
  }
  const times: string[] = []
  const macs: Uint8Array[] = []
  for (const part of value.split(',')) {
    const at = part.indexOf('=')
    if (at < 0) throw malformed(value)
    const [scheme, text] = [part.slice(0, at).trim(), part.slice(at + 1).trim()]
    if (scheme === 't') times.push(text)
    if (scheme === 'v1') {
      if (!HEX_MAC.test(text)) throw malformed(value)
      macs.push(fromHex(text))
    }
  }
  const [time] = times
  if (times.length !== 1 || time === undefined || !TIME.test(time) || macs.length === 0)
    throw malformed(value)
  return { time: Number(time), macs }
}

function malformed(header: string): SignatureVerificationError {
  const shown = header.length > 40 ? `${header.slice(0, 40)}…` : header
  return new SignatureVerificationError(
    'malformed',
    `the Sluice-Signature header must be t=<unix ms>,v1=<64 hex digits>; got ${JSON.stringify(shown)}`,
  )
}

async function hmacSha256(secret: string, data: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey(
    'raw',
    encoder.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  )
  return new Uint8Array(await crypto.subtle.sign('HMAC', key, data))
}

/** Equal bytes, in a time that depends on the length only. */
function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  let difference = 0
  for (let i = 0; i < a.length; i++) difference |= (a[i] as number) ^ (b[i] as number)
  return difference === 0
}

function concat(head: Uint8Array, tail: Uint8Array): Uint8Array<ArrayBuffer> {
  const joined = new Uint8Array(head.length + tail.length)
  joined.set(head)
  joined.set(tail, head.length)
  return joined
}

function fromHex(hex: string): Uint8Array {
  const bytes = new Uint8Array(hex.length / 2)
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16)
  return bytes
}
