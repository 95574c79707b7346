import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort } from '../../functions/local/emulators.js'
import type { DeliveryRequest } from '../../functions/subscriptions/delivery-target.js'
import { localUrlPolicy } from '../../functions/subscriptions/targets/url-policy.js'
import { webhookTarget } from '../../functions/subscriptions/targets/webhook.js'
import { startWebhook, type WebhookAnswer } from './support.js'

/** The webhook target against a real local HTTP server: what each kind of answer becomes. */

let answer: WebhookAnswer | Promise<WebhookAnswer> = { status: 200 }
let hook: Awaited<ReturnType<typeof startWebhook>>

beforeAll(async () => {
  hook = await startWebhook(() => answer)
})
afterAll(async () => {
  await hook.close()
})

const request: DeliveryRequest = {
  event: { subscription: 's', topic: 't', partition: 0, attempt: 1, encoding: 'utf8', records: [] },
  idempotencyKey: 's/0/0-0',
  timeoutMs: 300,
}
const deliver = (url = hook.url, timeoutMs = request.timeoutMs) =>
  webhookTarget({ url, secret: 'whsec', policy: localUrlPolicy(), now: Date.now }).deliver({
    ...request,
    timeoutMs,
  })

describe('the webhook target', () => {
  it('reads failedOffset and produce from a 2xx answer, and nothing from a body that is not a JSON object', async () => {
    answer = {
      status: 200,
      body: { failedOffset: 3, produce: [{ topic: 'out', records: [{ value: 'v' }] }], note: 'x' },
    }
    expect(await deliver()).toEqual({
      failedOffset: 3,
      produce: [{ topic: 'out', records: [{ value: 'v' }] }],
    })
    answer = { status: 204 }
    expect(await deliver()).toEqual({})
    answer = { status: 200, body: 'ok' }
    expect(await deliver()).toEqual({})
  })

  it.each([
    [{ status: 500 }, 'webhook answered 500'],
    [{ status: 404, body: { error: 'secret stuff' } }, 'webhook answered 404'],
    [{ status: 302 }, 'webhook answered 302 (redirects are not followed)'],
    [
      { status: 200, body: { failedOffset: -1 } },
      'webhook answer.failedOffset must be a non-negative integer; got -1',
    ],
    [{ status: 200, body: { produce: [{ topic: 'out' }] } }, 'webhook answer.produce[0].records is required'],
  ] as const)('fails on %j: %s', async (given, message) => {
    answer = given
    await expect(deliver()).rejects.toMatchObject({ name: 'DeliveryError', message })
  })

  it('fails a delivery not answered within its timeout, and one that cannot connect', async () => {
    answer = new Promise<never>(() => undefined)
    await expect(deliver(hook.url, 200)).rejects.toMatchObject({ message: 'timed out after 200 ms' })
    const closed = `http://127.0.0.1:${await freePort()}/hook`
    await expect(deliver(closed)).rejects.toMatchObject({ message: 'webhook unreachable: ECONNREFUSED' })
    answer = 'drop'
    await expect(deliver()).rejects.toMatchObject({
      message: expect.stringMatching(/^webhook unreachable: /),
    })
  })

  it('does not follow a redirect', async () => {
    const before = hook.received.length
    answer = { status: 307, body: {}, headers: { location: `${hook.url}?followed` } }
    await expect(deliver()).rejects.toThrow('redirects are not followed')
    expect(hook.received.length).toBe(before + 1)
  })
})
