/**
 * What every console check watches in headless Chromium (test/support/chromium.ts): the browser's
 * console, uncaught errors, failed requests, and axe-core's accessibility rules.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'

/** A laptop's screen. */
export const VIEWPORT = { width: 1366, height: 860 }

/**
 * What went wrong in the page while it was open: console errors and warnings, uncaught exceptions,
 * requests that failed for another reason than the page aborting them (a live tail or a poll stopped
 * when its page is left).
 *
 * Chromium logs every fetch answered 4xx as a console error ("Failed to load resource"). The console
 * asks the API what a key may do by requests the API refuses (400 or 403), and shows refusals (409
 * GROUP_ACTIVE) in the page: those answers are the API's, handled by the page, so they are left out.
 * Any 5xx, and anything else the browser logs, is a problem.
 */
export function watchProblems(page: Page): string[] {
  const problems: string[] = []
  page.on('console', (message) => {
    if (message.type() !== 'error' && message.type() !== 'warning') return
    if (/^Failed to load resource: the server responded with a status of 4\d\d/.test(message.text())) return
    problems.push(`console ${message.type()}: ${message.text()}`)
  })
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`))
  page.on('requestfailed', (request) => {
    const failure = request.failure()?.errorText ?? ''
    if (failure !== 'net::ERR_ABORTED') problems.push(`request failed: ${request.url()} ${failure}`)
  })
  return problems
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

export interface AxeViolation {
  id: string
  impact: string | null
  help: string
  targets: string[]
}

/**
 * axe-core's serious and critical violations on the page as it is. The script is evaluated through
 * the DevTools protocol, which the page's Content-Security-Policy does not govern (a script tag would be
 * refused by it, as it should).
 */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE)
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document) => Promise<AxeResults> } }).axe
    const results = await axe.run(document)
    return results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        targets: v.nodes.map((n) => n.target.join(' ')),
      }))
  })
}

interface AxeResults {
  violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: string[] }> }>
}
