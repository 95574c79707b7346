/**
 * The console end to end, in headless Chromium against the real local service with auth on: connect
 * with a key, create a topic, produce through the form and find the record, watch a group's lag fall
 * as its consumer commits, pause and resume a subscription, create and delete a key, see what a scoped
 * key may not do shown disabled with the API's reason; every page free of browser-console errors and of
 * serious or critical axe-core violations.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listKeys } from '../../console/src/api/keys.js'
import { localAuthenticator } from '../../functions/auth/from-env.js'
import type { RunningService } from '../../functions/local/serve.js'
import {
  acquireLease,
  commitGroupOffsets,
  describeTopic,
  listTopics,
  releaseLease,
  Sluice,
} from '../../sdk/src/index.js'
import { startWebhook } from '../subscriptions/support.js'
import { chromiumTitle, hasChromium, launchChromium } from '../support/chromium.js'
import { startTestService } from '../support/service.js'
import { type AxeViolation, seriousViolations, VIEWPORT, watchProblems } from './support/browser.js'

const ROOT = `root-${crypto.randomUUID()}`
const TOPIC = `rides-${Date.now().toString(36)}`
const GROUP = 'eta-board'
const SUBSCRIPTION = 'eta-hook'

describe.skipIf(!hasChromium)(
  chromiumTitle('the console in a browser', 'run the console in headless Chromium'),
  () => {
    let service: RunningService
    let webhook: Awaited<ReturnType<typeof startWebhook>>
    let browser: Browser
    let context: BrowserContext
    let page: Page
    let problems: string[]
    let sluice: Sluice
    let consoleUrl: string

    beforeAll(async () => {
      ;[service, webhook, browser] = await Promise.all([
        startTestService({
          app: (deps) => {
            const authenticator = localAuthenticator(deps.keys, { SLUICE_AUTH: 'on', SLUICE_ROOT_KEY: ROOT })
            return authenticator ? { authenticator } : {}
          },
        }),
        startWebhook(),
        launchChromium(),
      ])
      sluice = new Sluice({ url: service.url, apiKey: ROOT })
      consoleUrl = `${service.url}/console/`
      context = await browser.newContext({ viewport: VIEWPORT })
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: service.url })
      page = await context.newPage()
      problems = watchProblems(page)
    })

    afterAll(async () => {
      await browser?.close()
      await webhook?.close()
      await service?.stop()
    })

    const open = async (hash: string) => {
      await page.goto(`${consoleUrl}${hash}`)
      await page.locator('h1').first().waitFor()
    }

    it('asks for a key, and keeps it in the tab only; its page carries a Content-Security-Policy', async () => {
      const answer = await page.goto(consoleUrl)
      expect(answer?.headers()['content-security-policy']).toContain("script-src 'self'")
      await page.getByRole('heading', { name: 'Connect to Sluice' }).waitFor()
      expect(await page.getByLabel('Service URL').inputValue()).toBe(service.url)
      await page.getByLabel('API key').fill(ROOT)
      await page.getByRole('button', { name: 'Connect' }).click()
      await page.getByRole('heading', { name: 'Overview' }).waitFor()
      const stored = await page.evaluate(() => ({
        session: JSON.stringify(sessionStorage),
        local: JSON.stringify(localStorage),
      }))
      expect(stored.session).toContain(ROOT)
      expect(stored.local).not.toContain(ROOT)
    })

    it('creates a topic', async () => {
      await page.getByRole('navigation').getByRole('link', { name: 'Topics' }).click()
      await page.getByText('Create a topic').click()
      await page.getByLabel('Name', { exact: true }).fill(TOPIC)
      await page.getByLabel('Partitions').fill('2')
      await page.getByRole('button', { name: 'Create topic' }).click()
      await page
        .getByRole('status')
        .filter({ hasText: `Created ${TOPIC}` })
        .waitFor()
      await page.getByRole('row').filter({ hasText: TOPIC }).waitFor()
      expect((await sluice.execute(describeTopic(TOPIC))).partitions).toBe(2)
    })

    it('produces through the form and finds the record: pretty JSON, key, headers, copied as JSON', async () => {
      await open(`#/messages/${TOPIC}`)
      await page.getByText('Produce a record').click()
      await page.getByLabel('Key', { exact: true }).fill('rider-42')
      await page.getByLabel('Value', { exact: true }).fill('{"rider":42,"eta":"12:05"}')
      await page.getByLabel('Headers').fill('source: console')
      await page.getByLabel('Partition', { exact: true }).last().selectOption('1')
      await page.getByRole('button', { name: 'Produce' }).click()
      await page.getByRole('status').filter({ hasText: 'Produced to partition 1 at offset 0' }).waitFor()
      await page.getByRole('button', { name: 'Show it' }).click()
      const record = page.locator('.record').filter({ hasText: 'rider-42' })
      await record.getByText('"eta": "12:05"').waitFor()
      await record.getByText('source:').waitFor()

      await page.getByLabel('Filter loaded records').fill('rider-42')
      await page.getByText('1 of 1 records match').waitFor()
      await record.getByRole('button', { name: 'Copy as JSON' }).click()
      await record.getByText('Copied').waitFor()
      const copied = JSON.parse(await page.evaluate(() => navigator.clipboard.readText()))
      expect(copied).toEqual({
        topic: TOPIC,
        partition: 1,
        offset: 0,
        timestamp: expect.any(Number),
        key: 'rider-42',
        value: '{"rider":42,"eta":"12:05"}',
        headers: { source: 'console' },
      })
    })

    it('shows bytes that are not text as hex, read again as base64', async () => {
      const producer = sluice.producer()
      await producer.send({
        topic: TOPIC,
        messages: [{ key: 'raw', value: new Uint8Array([0, 255, 7]), partition: 0 }],
      })
      await producer.close()
      await open(`#/messages/${TOPIC}?partition=0&offset=0`)
      const record = page.locator('.record').filter({ hasText: 'raw' })
      await record.getByText('3 bytes').waitFor()
      await record.getByText('00 ff 07').waitFor()
      await record.getByRole('button', { name: 'Show as base64' }).click()
      await record.getByText('AP8H').waitFor()
    })

    it("shows a group's lag fall as its consumer commits, and the API's refusal while it is active", async () => {
      const producer = sluice.producer()
      await producer.send({
        topic: TOPIC,
        messages: Array.from({ length: 10 }, (_, n) => ({ value: `v${n}`, partition: 0 })),
      })
      await producer.close()
      await sluice.execute(
        commitGroupOffsets({ group: GROUP, topic: TOPIC, offsets: [{ partition: 0, offset: 1 }] }),
      )
      await open(`#/groups/${GROUP}`)
      const lag = page.getByTestId(`lag-${TOPIC}-0`)
      await lag.filter({ hasText: /^10$/ }).waitFor()
      await sluice.execute(
        commitGroupOffsets({ group: GROUP, topic: TOPIC, offsets: [{ partition: 0, offset: 11 }] }),
      )
      await lag.filter({ hasText: /^0$/ }).waitFor()

      const lease = await sluice.execute(
        acquireLease({ group: GROUP, topic: TOPIC, partition: 0, memberId: 'worker-1' }),
      )
      await page.getByText('Active: a lease is live').waitFor()
      await page.getByRole('button', { name: 'Reset offsets' }).click()
      await page.getByRole('alert').filter({ hasText: 'GROUP_ACTIVE' }).waitFor()
      await sluice.execute(
        releaseLease({ group: GROUP, topic: TOPIC, partition: 0, memberId: 'worker-1', epoch: lease.epoch }),
      )
    })

    it('pages forward and back, and follows new records live', async () => {
      const producer = sluice.producer()
      const send = (values: string[]) =>
        producer.send({ topic: TOPIC, messages: values.map((value) => ({ value, partition: 0 })) })
      await send(Array.from({ length: 15 }, (_, n) => `more-${n}`))
      await open(`#/messages/${TOPIC}?partition=0&offset=0`)
      await page.getByText('Partition 0: offsets 0–19').waitFor()
      await page.getByRole('button', { name: 'Next page →' }).click()
      await page.getByText('Partition 0: offsets 20–25').waitFor()
      await page.getByRole('button', { name: '← Previous page' }).click()
      await page.getByText('Partition 0: offsets 0–19').waitFor()

      await page.getByRole('button', { name: 'Live tail' }).click()
      // Produced only once the tail knows where it starts, so that it is a new record to the tail.
      await page.getByText('Following partition 0 from offset 26').waitFor()
      await send(['tail-me'])
      await page.locator('.record').filter({ hasText: 'tail-me' }).waitFor()
      await page.getByRole('button', { name: 'Stop live tail' }).click()
      await producer.close()
    })

    it('pauses and resumes a subscription', async () => {
      await sluice.admin().createSubscription({
        name: SUBSCRIPTION,
        topic: TOPIC,
        target: { type: 'webhook', url: webhook.url, secret: 'whsec_console' },
      })
      await open(`#/subscriptions/${SUBSCRIPTION}`)
      await page.getByRole('button', { name: 'Pause delivery' }).click()
      await page.getByTestId('subscription-state').filter({ hasText: 'paused' }).waitFor()
      expect((await sluice.admin().describeSubscription(SUBSCRIPTION)).paused).toBe(true)
      await page.getByRole('button', { name: 'Resume delivery' }).click()
      await page.getByRole('button', { name: 'Pause delivery' }).waitFor()
      expect((await sluice.admin().describeSubscription(SUBSCRIPTION)).paused).toBe(false)
    })

    it('creates a key whose secret is shown once; what the key may not do shows disabled, with the reason', async () => {
      await open('#/keys')
      await page.getByText('Create a key').click()
      await page.getByLabel('Name', { exact: true }).fill('reader')
      await page.getByRole('button', { name: 'Create key' }).click()
      const secret = await page.getByTestId('new-key-secret').textContent()
      expect(secret).toMatch(/^sluice_/)
      expect(
        await new Sluice({ url: service.url, apiKey: secret ?? '' }).execute(listTopics()),
      ).toContainEqual(expect.objectContaining({ name: TOPIC }))
      await page.getByRole('button', { name: 'I have stored it' }).click()
      await page.getByRole('row').filter({ hasText: 'reader' }).waitFor()

      // The new key (consume on every topic) in a tab of its own: it may browse, not delete or manage keys.
      const readerTab = await (await browser.newContext({ viewport: VIEWPORT })).newPage()
      const readerProblems = watchProblems(readerTab)
      await readerTab.goto(consoleUrl)
      await readerTab.getByLabel('API key').fill(secret ?? '')
      await readerTab.getByRole('button', { name: 'Connect' }).click()
      await readerTab.getByRole('heading', { name: 'Overview' }).waitFor()
      await readerTab.goto(`${consoleUrl}#/topics/${TOPIC}`)
      await readerTab.getByText(`this key may not admin topic '${TOPIC}'`).first().waitFor()
      expect(await readerTab.getByRole('button', { name: 'Delete topic' }).isDisabled()).toBe(true)
      await readerTab.goto(`${consoleUrl}#/keys`)
      await readerTab.getByText('This key cannot list or manage API keys').waitFor()
      await readerTab.context().close()
      expect(readerProblems).toEqual([])

      await page
        .getByRole('row')
        .filter({ hasText: 'reader' })
        .getByRole('button', { name: 'Delete' })
        .click()
      await page.getByRole('dialog').getByRole('button', { name: 'Delete key' }).click()
      await page.getByRole('row').filter({ hasText: 'reader' }).waitFor({ state: 'detached' })
      expect((await sluice.execute(listKeys())).map((k) => k.name)).not.toContain('reader')
    })

    it('grows partitions, changes retention, and deletes a topic once its name is typed', async () => {
      const scratch = `${TOPIC}-scratch`
      await sluice.admin().createTopics({ topics: [{ topic: scratch }] })
      await open(`#/topics/${scratch}`)
      await page.getByLabel('Partitions').fill('3')
      await page.getByRole('button', { name: 'Grow partitions' }).click()
      await page.getByRole('status').filter({ hasText: 'Partitions grown: 3 partitions' }).waitFor()
      await page.getByLabel('Retention amount').fill('2')
      await page.getByLabel('Retention unit').selectOption({ label: 'hours' })
      await page.getByRole('button', { name: 'Change retention' }).click()
      await page.getByRole('status').filter({ hasText: 'retention 2 h' }).waitFor()
      expect(await sluice.execute(describeTopic(scratch))).toMatchObject({
        partitions: 3,
        retentionMs: 7_200_000,
      })

      await page.getByRole('button', { name: 'Delete topic' }).click()
      const dialog = page.getByRole('dialog')
      expect(await dialog.getByRole('button', { name: 'Delete topic' }).isDisabled()).toBe(true)
      await dialog.getByLabel(`Type ${scratch} to confirm`).fill(scratch)
      await dialog.getByRole('button', { name: 'Delete topic' }).click()
      await page.getByText('Topic deleted.').waitFor()
      expect((await sluice.execute(listTopics())).map((t) => t.name)).not.toContain(scratch)
    })

    it('has no serious or critical accessibility violations on any page', async () => {
      const pages: Array<[string, string]> = [
        ['#/overview', 'Records per second'],
        ['#/topics', TOPIC],
        [`#/topics/${TOPIC}`, 'Browse partition 1'],
        [`#/messages/${TOPIC}?partition=0&offset=0`, 'Copy as JSON'],
        ['#/groups', GROUP],
        [`#/groups/${GROUP}`, 'Lag over time'],
        ['#/subscriptions', SUBSCRIPTION],
        [`#/subscriptions/${SUBSCRIPTION}`, 'Delivery per partition'],
        ['#/keys', 'Create a key'],
      ]
      const violations: Record<string, AxeViolation[]> = {}
      for (const [hash, ready] of pages) {
        await open(hash)
        await page.getByText(ready).first().waitFor()
        const found = await seriousViolations(page)
        if (found.length > 0) violations[hash] = found
      }
      expect(violations).toEqual({})
    })

    it('the accessibility check finds a violation where there is one (so the check above means something)', async () => {
      const plain = await browser.newPage()
      await plain.setContent('<main><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></main>')
      expect((await seriousViolations(plain)).map((v) => v.id)).toContain('image-alt')
      await plain.close()
    })

    it('logged nothing wrong in the browser console', () => {
      expect(problems).toEqual([])
    })
  },
)
