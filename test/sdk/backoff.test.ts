/**
 * The SDK's one backoff and retry loop (sdk/src/retry.ts), on their own: the waits' bounds, and that
 * the error's `retriable` flag alone decides whether a request is tried again.
 */
import { describe, expect, it } from 'vitest'
import { SluiceError, UnavailableError } from '../../sdk/src/index.js'
import { backoffMs, withRetries } from '../../sdk/src/retry.js'

const policy = { retries: 3, initialMs: 300, maxMs: 30_000 }

describe('backoffMs', () => {
  it('doubles from initialMs, each wait within +/- 20 %, never over maxMs', () => {
    for (let attempt = 1; attempt <= 12; attempt++) {
      const exponential = 300 * 2 ** (attempt - 1)
      for (let sample = 0; sample < 200; sample++) {
        const wait = backoffMs(policy, attempt)
        expect(wait).toBeGreaterThanOrEqual(Math.min(exponential * 0.8, 30_000))
        expect(wait).toBeLessThanOrEqual(Math.min(exponential * 1.2, 30_000))
      }
    }
  })

  it('stays a number however many failures a partition has had', () => {
    expect(backoffMs(policy, 1_000_000)).toBe(30_000)
    expect(backoffMs({ initialMs: 0, maxMs: 0 }, 1_000_000)).toBe(0)
  })
})

describe('withRetries', () => {
  const unavailable = () =>
    new UnavailableError('down', { code: 'UNAVAILABLE', status: 503, retriable: true })
  const quick = { retries: 3, initialMs: 0, maxMs: 0 }

  it('tries a retriable failure retries + 1 times, then throws the last error', async () => {
    let attempts = 0
    const error = await withRetries(quick, async () => {
      attempts++
      throw unavailable()
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(UnavailableError)
    expect(attempts).toBe(4)
  })

  it('never retries an error that is not retriable, whatever its status or type', async () => {
    const refusals = [
      new SluiceError('throttled, but flagged final', { code: 'THROTTLED', status: 429, retriable: false }),
      new TypeError('not a SluiceError'),
    ]
    for (const refusal of refusals) {
      let attempts = 0
      await expect(
        withRetries(quick, async () => {
          attempts++
          throw refusal
        }),
      ).rejects.toBe(refusal)
      expect(attempts).toBe(1)
    }
  })

  it('succeeds on a later attempt', async () => {
    let attempts = 0
    const result = await withRetries(quick, async () => {
      if (++attempts < 3) throw unavailable()
      return 'ok'
    })
    expect([result, attempts]).toEqual(['ok', 3])
  })

  it('an abort during the wait ends it with the abort reason', async () => {
    const controller = new AbortController()
    const reason = new Error('stopped')
    const waiting = withRetries(
      { retries: 3, initialMs: 60_000, maxMs: 60_000 },
      async () => {
        // A task runs after the failure's microtasks: by then the loop is in its minute-long wait.
        setTimeout(() => controller.abort(reason), 0)
        throw unavailable()
      },
      controller.signal,
    )
    await expect(waiting).rejects.toBe(reason)
  })
})
