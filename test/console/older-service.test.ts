/**
 * The console pointed at a service without subscriptions (a stack deployed before they were served):
 * the browser answers /v1/subscriptions the way such a service does, 404 NOT_FOUND, and every page
 * says so instead of waiting for ever.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningService } from '../../functions/local/serve.js'
import { chromiumTitle, hasChromium, withChromium } from '../support/chromium.js'
import { startTestService } from '../support/service.js'
import { VIEWPORT } from './support/browser.js'

const NO_ROUTE = {
  error: { code: 'NOT_FOUND', message: 'no route for GET /v1/subscriptions', retriable: false },
}

describe.skipIf(!hasChromium)(
  chromiumTitle(
    'the console against a service without subscriptions',
    'run the console in headless Chromium',
  ),
  () => {
    let service: RunningService
    beforeAll(async () => {
      service = await startTestService()
    })
    afterAll(() => service?.stop())

    it('says the service does not serve subscriptions, on the overview and the subscriptions page', () =>
      withChromium(async (browser) => {
        const page = await browser.newPage({ viewport: VIEWPORT })
        await page.route('**/v1/subscriptions', (route) =>
          route.fulfill({ status: 404, contentType: 'application/json', body: JSON.stringify(NO_ROUTE) }),
        )
        const notServed = page.getByText('This service does not serve subscriptions.')
        for (const hash of ['#/subscriptions', '#/']) {
          await page.goto(`${service.url}/console/${hash}`)
          await notServed.waitFor({ timeout: 10_000 })
          expect(await page.getByText('Loading subscriptions').count()).toBe(0)
        }
      }))
  },
)
