/**
 * Every error code of docs/api.md's table has a typed class in the SDK: the table is read from the
 * contract itself, so a code added there fails here until the SDK knows it.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { errorFromResponse } from '../../sdk/src/error-response.js'
import * as sdk from '../../sdk/src/index.js'

/** The `| status | CODE, CODE | when |` rows of the contract's error table. */
function documentedCodes(): Array<{ status: number; code: string }> {
  const contract = readFileSync(new URL('../../docs/api.md', import.meta.url), 'utf8')
  return [...contract.matchAll(/^\|\s*(\d{3})\s*\|\s*([A-Z_, ]+?)\s*\|/gm)].flatMap(([, status, codes]) =>
    (codes as string).split(/,\s*/).map((code) => ({ status: Number(status), code })),
  )
}

const answer = (code: string) => ({ error: { code, message: `a ${code} answer`, retriable: false } })

describe('error classes', () => {
  const codes = documentedCodes()

  it('reads the whole table from docs/api.md', () => {
    expect(codes.map((c) => c.code)).toEqual(
      expect.arrayContaining([
        'INVALID_REQUEST',
        'METHOD_NOT_ALLOWED',
        'SUBSCRIPTION_NOT_FOUND',
        'SUBSCRIPTION_EXISTS',
        'ALREADY_COMMITTED',
        'INTERNAL',
      ]),
    )
    expect(codes.length).toBeGreaterThanOrEqual(21)
  })

  it.each(codes)('$status $code has a class of its own, exported', ({ status, code }) => {
    const error = errorFromResponse(status, answer(code))
    expect(error.constructor).not.toBe(sdk.SluiceError)
    expect(error).toBeInstanceOf(sdk.SluiceError)
    expect(Object.values(sdk)).toContain(error.constructor)
    expect(error).toMatchObject({ code, status, message: `a ${code} answer` })
  })

  it('maps METHOD_NOT_ALLOWED to MethodNotAllowedError, not retriable', () => {
    const error = errorFromResponse(405, {
      error: {
        code: 'METHOD_NOT_ALLOWED',
        message: '/v1/topics answers GET, POST, not PUT',
        retriable: false,
      },
    })
    expect(error).toBeInstanceOf(sdk.MethodNotAllowedError)
    expect(error).toMatchObject({
      name: 'MethodNotAllowedError',
      code: 'METHOD_NOT_ALLOWED',
      status: 405,
      retriable: false,
      message: '/v1/topics answers GET, POST, not PUT',
    })
  })

  it("takes a 405 without the API's error body (a proxy's page) as METHOD_NOT_ALLOWED", () => {
    const error = errorFromResponse(405, '<html>Method Not Allowed</html>')
    expect(error).toBeInstanceOf(sdk.MethodNotAllowedError)
    expect(error).toMatchObject({ code: 'METHOD_NOT_ALLOWED', status: 405, retriable: false })
  })

  it('maps the subscription codes to their classes', () => {
    expect(errorFromResponse(404, answer('SUBSCRIPTION_NOT_FOUND'))).toBeInstanceOf(
      sdk.SubscriptionNotFoundError,
    )
    expect(errorFromResponse(409, answer('SUBSCRIPTION_EXISTS'))).toBeInstanceOf(sdk.SubscriptionExistsError)
  })

  it('keeps a code it has no class for, on a plain SluiceError', () => {
    const error = errorFromResponse(409, answer('A_LATER_CODE'))
    expect(error.constructor).toBe(sdk.SluiceError)
    expect(error).toMatchObject({ code: 'A_LATER_CODE', status: 409 })
  })
})
