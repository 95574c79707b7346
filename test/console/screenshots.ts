/**
 * `npm run console:screenshots`: a screenshot of each console page, on a laptop's screen, over demo
 * data, written to docs/console/ (the README and docs/console.md show them). Needs Debian's chromium
 * and a built console (`npm run console:build`).
 */
import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Page } from 'playwright-core'
import { CHROMIUM, hasChromium, launchChromium } from '../support/chromium.js'
import { VIEWPORT, watchProblems } from './support/browser.js'
import { seedDemoData } from './support/demo-data.js'
import { startLocalStack } from './support/local-stack.js'

const OUT = fileURLToPath(new URL('../../docs/console/', import.meta.url))

/** Each page, and what shows it is ready. */
const SHOTS: ReadonlyArray<{ file: string; hash: string; ready: string; settleMs?: number }> = [
  // The overview and a group's page chart what they saw while open: they watch the traffic a while.
  { file: 'overview.png', hash: '#/overview', ready: 'text=Groups furthest behind', settleMs: 24_000 },
  { file: 'topics.png', hash: '#/topics', ready: 'text=rides-dlq' },
  { file: 'topic.png', hash: '#/topics/orders', ready: 'text=Browse partition 2' },
  { file: 'messages.png', hash: '#/messages/orders?partition=1', ready: '.record >> nth=0' },
  { file: 'groups.png', hash: '#/groups/billing', ready: 'text=Reset offsets', settleMs: 16_000 },
  { file: 'subscriptions.png', hash: '#/subscriptions/fraud-check', ready: 'text=Delivery per partition' },
]

async function main() {
  if (!hasChromium) throw new Error(`no ${CHROMIUM}: apt-get install chromium`)
  mkdirSync(OUT, { recursive: true })
  const stack = await startLocalStack()
  const demo = await seedDemoData(stack.url)
  const browser = await launchChromium()
  try {
    const page = await browser.newPage({ viewport: VIEWPORT, colorScheme: 'light' })
    const problems = watchProblems(page)
    await createKeys(page, `${stack.url}/console/`)
    await shoot(page, 'keys.png')
    const stopTraffic = demo.startTraffic()
    for (const shot of SHOTS) {
      await page.goto(`${stack.url}/console/${shot.hash}`)
      await page.locator(shot.ready).first().waitFor()
      // Polls settle within an interval; charts draw on the next frame.
      await page.waitForTimeout(shot.settleMs ?? 2500)
      await shoot(page, shot.file)
    }
    await stopTraffic()
    if (problems.length > 0) throw new Error(`the pages had problems:\n${problems.join('\n')}`)
  } finally {
    await browser.close()
    await demo.stop()
    await stack.stop()
  }
}

async function shoot(page: Page, file: string) {
  await page.screenshot({ path: `${OUT}${file}` })
  process.stdout.write(`docs/console/${file}\n`)
}

/** Keys made through the console itself, the last one's secret left on screen. */
async function createKeys(page: Page, consoleUrl: string) {
  await page.goto(`${consoleUrl}#/keys`)
  for (const name of ['ops', 'analytics']) {
    if (!(await page.getByLabel('Name', { exact: true }).isVisible()))
      await page.getByText('Create a key').click()
    await page.getByLabel('Name', { exact: true }).fill(name)
    await page.getByLabel('Named').fill(name === 'ops' ? '*' : 'orders*')
    if (name === 'ops') await page.getByLabel('admin').check()
    await page.getByRole('button', { name: 'Create key' }).click()
    await page.getByTestId('new-key-secret').waitFor()
    if (name === 'ops') await page.getByRole('button', { name: 'I have stored it' }).click()
  }
}

await main()
