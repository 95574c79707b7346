/**
 * Headless Chromium (Debian's) driven by playwright-core: every browser test launches it the same way,
 * and says what it skips on a machine without it.
 */
import { existsSync } from 'node:fs'
import { type Browser, chromium } from 'playwright-core'

export const CHROMIUM = '/usr/bin/chromium'
export const hasChromium = existsSync(CHROMIUM)

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

/** Runs `use` with a browser of its own, closed afterwards whatever `use` does. */
export async function withChromium<T>(use: (browser: Browser) => Promise<T>): Promise<T> {
  const browser = await launchChromium()
  try {
    return await use(browser)
  } finally {
    await browser.close()
  }
}

/** A browser test's title: what it checks, or without Chromium, what it would have needed it for. */
export function chromiumTitle(title: string, needFor: string): string {
  return hasChromium ? title : `SKIPPED: no ${CHROMIUM} (apt-get install chromium) to ${needFor}`
}
