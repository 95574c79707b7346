/**
 * The SDK's `verifySignature` (WebCrypto) against signatures made independently here with node:crypto,
 * and against the header the service itself sends (functions/subscriptions/signature.ts).
 */
import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { signatureHeader } from '../../functions/subscriptions/signature.js'
import {
  DEFAULT_SIGNATURE_TOLERANCE_MS,
  InvalidRequestError,
  SignatureVerificationError,
  SluiceError,
  verifySignature,
} from '../../sdk/src/index.js'

const SECRET = 'whsec_test'
const T = 1_767_225_600_000
const BODY = '{"subscription":"eta-hook","records":[]}'

/** The header as docs/api.md defines it, signed with node:crypto. */
const sign = (secret: string, body: string | Uint8Array, t = T) =>
  `t=${t},v1=${createHmac('sha256', secret).update(`${t}.`).update(body).digest('hex')}`

async function refusal(promise: Promise<unknown>): Promise<SignatureVerificationError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(SignatureVerificationError)
  return error as SignatureVerificationError
}

describe('verifySignature', () => {
  it('matches a golden vector (also computed with `openssl dgst -sha256 -hmac`)', async () => {
    const header = `t=${T},v1=f635b0192276435496c28a8b8010819cde22a771c4da0201e5281a13621936ad`
    expect(sign(SECRET, BODY)).toBe(header)
    expect(await verifySignature({ secret: SECRET, header, body: BODY, now: T })).toBe(T)
  })

  it.each([
    ['ASCII JSON', '{"records":[{"offset":0,"value":"hi"}]}'],
    ['non-ASCII text', '{"value":"café ☕ 🚲"}'],
    ['an empty body', ''],
  ])('accepts %s signed with node:crypto, as a string or as bytes', async (_, body) => {
    const header = sign(SECRET, body)
    expect(await verifySignature({ secret: SECRET, header, body, now: T + 1000 })).toBe(T)
    const bytes = new TextEncoder().encode(body)
    expect(await verifySignature({ secret: SECRET, header, body: bytes, now: T - 1000 })).toBe(T)
  })

  it('accepts bytes that are not UTF-8 text', async () => {
    const body = new Uint8Array([0xff, 0x00, 0xfe, 0x7b])
    const header = sign(SECRET, body)
    expect(await verifySignature({ secret: SECRET, header, body, now: T })).toBe(T)
  })

  it('accepts the header the service sends', async () => {
    const header = signatureHeader(SECRET, BODY, T)
    expect(await verifySignature({ secret: SECRET, header, body: BODY, now: T })).toBe(T)
  })

  it('refuses a tampered body', async () => {
    const header = sign(SECRET, BODY)
    const error = await refusal(
      verifySignature({ secret: SECRET, header, body: BODY.replace('eta-hook', 'eta-hooK'), now: T }),
    )
    expect(error).toMatchObject({ reason: 'mismatch', code: 'INVALID_SIGNATURE', retriable: false })
    expect(error).toBeInstanceOf(SluiceError)
  })

  it('refuses another secret, and a time changed in the header', async () => {
    const header = sign(SECRET, BODY)
    expect(
      (await refusal(verifySignature({ secret: 'whsec_other', header, body: BODY, now: T }))).reason,
    ).toBe('mismatch')
    const moved = header.replace(`t=${T}`, `t=${T + 1}`)
    expect(
      (await refusal(verifySignature({ secret: SECRET, header: moved, body: BODY, now: T }))).reason,
    ).toBe('mismatch')
  })

  it('takes any of several secrets, for rotation', async () => {
    const header = sign('whsec_old', BODY)
    expect(await verifySignature({ secret: ['whsec_new', 'whsec_old'], header, body: BODY, now: T })).toBe(T)
    expect(
      (await refusal(verifySignature({ secret: ['whsec_new'], header, body: BODY, now: T }))).reason,
    ).toBe('mismatch')
  })

  it('takes any of several v1 signatures, and ignores other schemes', async () => {
    const good = sign(SECRET, BODY).split(',')[1]
    const header = `t=${T},v1=${'0'.repeat(64)},${good},v2=whatever`
    expect(await verifySignature({ secret: SECRET, header, body: BODY, now: T })).toBe(T)
  })

  it('refuses a time more than the tolerance (5 minutes by default) away, either way', async () => {
    const header = sign(SECRET, BODY)
    const verify = (now: number, toleranceMs?: number) =>
      verifySignature({
        secret: SECRET,
        header,
        body: BODY,
        now,
        ...(toleranceMs === undefined ? {} : { toleranceMs }),
      })
    expect(DEFAULT_SIGNATURE_TOLERANCE_MS).toBe(300_000)
    expect(await verify(T + 300_000)).toBe(T)
    expect(await verify(T - 300_000)).toBe(T)
    const stale = await refusal(verify(T + 300_001))
    expect(stale).toMatchObject({ reason: 'stale', code: 'INVALID_SIGNATURE' })
    expect(stale.message).toContain('2026-01-01T00:00:00.000Z')
    expect((await refusal(verify(T - 300_001))).reason).toBe('stale')
    expect((await refusal(verify(T + 1001, 1000))).reason).toBe('stale')
    expect(await verify(T + 3_600_000, 3_600_000)).toBe(T)
  })

  it('judges by the clock when no `now` is given', async () => {
    const now = Date.now()
    const header = sign(SECRET, BODY, now)
    expect(await verifySignature({ secret: SECRET, header, body: BODY })).toBe(now)
    const old = sign(SECRET, BODY, now - 3_600_000)
    expect((await refusal(verifySignature({ secret: SECRET, header: old, body: BODY }))).reason).toBe('stale')
  })

  const mac = '0'.repeat(64)
  it.each([
    ['no header', undefined],
    ['a null header', null],
    ['an empty header', ''],
    ['no time', `v1=${mac}`],
    ['no v1', `t=${T}`],
    ['a time that is not digits', `t=soon,v1=${mac}`],
    ['a negative time', `t=-1,v1=${mac}`],
    ['two times', `t=${T},t=${T},v1=${mac}`],
    ['a short MAC', `t=${T},v1=${mac.slice(1)}`],
    ['a MAC that is not hex', `t=${T},v1=${'z'.repeat(64)}`],
    ['a part without =', `t=${T},v1=${mac},junk`],
    ['a header sent twice', [`t=${T},v1=${mac}`, `t=${T},v1=${mac}`]],
    ['garbage', 'Bearer abc'],
  ])('refuses %s as malformed', async (_, header) => {
    const error = await refusal(verifySignature({ secret: SECRET, header, body: BODY, now: T }))
    expect(error.reason).toBe('malformed')
  })

  it('takes the header as a one-element array (as some servers give repeated headers)', async () => {
    const header = [sign(SECRET, BODY)]
    expect(await verifySignature({ secret: SECRET, header, body: BODY, now: T })).toBe(T)
  })

  it('refuses to verify with an empty secret or a negative tolerance', async () => {
    const header = sign(SECRET, BODY)
    await expect(verifySignature({ secret: '', header, body: BODY })).rejects.toBeInstanceOf(
      InvalidRequestError,
    )
    await expect(verifySignature({ secret: [], header, body: BODY })).rejects.toBeInstanceOf(
      InvalidRequestError,
    )
    await expect(
      verifySignature({ secret: SECRET, header, body: BODY, toleranceMs: -1 }),
    ).rejects.toBeInstanceOf(InvalidRequestError)
  })
})
