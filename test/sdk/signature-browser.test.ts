/**
 * `verifySignature` in a browser: the SDK bundled for the browser platform and run in headless Chromium,
 * checking signatures made here with node:crypto. The page is served from 127.0.0.1, a secure context,
 * as WebCrypto requires.
 */
import { createHmac } from 'node:crypto'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { describe, expect, it } from 'vitest'
import { chromiumTitle, hasChromium, withChromium } from '../support/chromium.js'

const entry = fileURLToPath(new URL('../../sdk/src/index.ts', import.meta.url))

const SECRET = 'whsec_browser'
const BODY = '{"subscription":"eta-board","records":[{"offset":0,"value":"café"}]}'
const sign = (body: string, t: number) =>
  `t=${t},v1=${createHmac('sha256', SECRET).update(`${t}.${body}`).digest('hex')}`

/** The SDK's `verifySignature` as a browser script exposing it on `window`. */
async function browserScript(): Promise<string> {
  const result = await build({
    stdin: {
      contents: `import { verifySignature } from ${JSON.stringify(entry)}; window.verifySignature = verifySignature`,
      resolveDir: fileURLToPath(new URL('.', import.meta.url)),
    },
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  })
  return result.outputFiles[0]?.text ?? ''
}

describe('verifySignature in a browser', () => {
  it.skipIf(!hasChromium)(
    chromiumTitle(
      'accepts a good signature and refuses a tampered body, another secret and a stale time',
      'run the bundle in headless Chromium',
    ),
    async () => {
      const script = await browserScript()
      const server = createServer((req, res) => {
        const js = req.url === '/sdk.js'
        res.writeHead(200, { 'content-type': js ? 'text/javascript' : 'text/html' })
        res.end(js ? script : '<!doctype html><script src="/sdk.js"></script>')
      })
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
      try {
        await withChromium(async (browser) => {
          const tab = await browser.newPage()
          await tab.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`)
          const now = 1_767_225_600_000
          const cases = [
            { secret: SECRET, header: sign(BODY, now), body: BODY },
            { secret: SECRET, header: sign(BODY, now), body: BODY.replace('café', 'cafe') },
            { secret: 'whsec_other', header: sign(BODY, now), body: BODY },
            { secret: SECRET, header: sign(BODY, now - 300_001), body: BODY },
            { secret: SECRET, header: 'v1=abc', body: BODY },
          ]
          const outcomes = await tab.evaluate(
            async ({ cases, now }) => {
              type Verify = (options: object) => Promise<number>
              const verify = (window as unknown as { verifySignature: Verify }).verifySignature
              return Promise.all(
                cases.map((options) =>
                  verify({ ...options, now }).then(
                    (t) => ({ accepted: t }),
                    (e: { name: string; reason: string }) => ({ refused: `${e.name}: ${e.reason}` }),
                  ),
                ),
              )
            },
            { cases, now },
          )
          expect(outcomes).toEqual([
            { accepted: now },
            { refused: 'SignatureVerificationError: mismatch' },
            { refused: 'SignatureVerificationError: mismatch' },
            { refused: 'SignatureVerificationError: stale' },
            { refused: 'SignatureVerificationError: malformed' },
          ])
        })
      } finally {
        await new Promise<void>((resolve) => server.close(() => resolve()))
      }
    },
  )
})
