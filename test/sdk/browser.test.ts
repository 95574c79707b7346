/**
 * The SDK in a browser: bundled by esbuild for the browser platform (which fails on any Node built-in),
 * then run in headless Chromium against the local service. The page and the API share one origin
 * through the test proxy, so no CORS is involved.
 */
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chromiumTitle, hasChromium, withChromium } from '../support/chromium.js'
import { startTestService } from '../support/service.js'
import { startProxy } from './support/proxy.js'

const entry = fileURLToPath(new URL('../../sdk/src/index.ts', import.meta.url))

async function bundleForBrowser(
  options: { entryPoints: string[] } | { stdin: { contents: string; resolveDir: string } },
) {
  const result = await build({
    ...options,
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  })
  return result.outputFiles[0]?.text ?? ''
}

let bundle: string

beforeAll(async () => {
  bundle = await bundleForBrowser({ entryPoints: [entry] })
})

describe('the SDK in the browser', () => {
  it('bundles for the browser platform with no Node built-in', () => {
    expect(bundle).toMatch(/Sluice = class|class Sluice /)
    expect(bundle).not.toMatch(/from\s*["']node:/)
  })

  it('the bundle check fails on a Node built-in (so the check above means something)', async () => {
    const resolveDir = fileURLToPath(new URL('.', import.meta.url))
    await expect(bundleForBrowser({ stdin: { contents: "import 'node:fs'", resolveDir } })).rejects.toThrow(
      /node:fs/,
    )
  })

  describe('in headless Chromium against the local service', () => {
    let service: Awaited<ReturnType<typeof startTestService>> | undefined
    afterAll(async () => {
      await service?.stop()
    })

    it.skipIf(!hasChromium)(
      chromiumTitle('produces, fetches and gets typed errors', 'run the bundle in headless Chromium'),
      async () => {
        service = await startTestService()
        const page = `<!doctype html><script type="module">
          import * as sdk from '/sluice.js'; window.sdk = sdk; window.ready = true
        </script>`
        const proxy = await startProxy(service.url, {
          files: {
            '/': { contentType: 'text/html', body: page },
            '/sluice.js': { contentType: 'text/javascript', body: bundle },
          },
        })
        try {
          await withChromium(async (browser) => {
            const tab = await browser.newPage()
            await tab.goto(`${proxy.url}/`)
            await tab.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true)
            const outcome = await tab.evaluate(async () => {
              const sdk = (window as unknown as { sdk: typeof import('../../sdk/src/index.js') }).sdk
              const sluice = new sdk.Sluice({ url: location.origin })
              const topic = `browser-${Date.now()}`
              await sluice.admin().createTopics({ topics: [{ topic, numPartitions: 2 }] })
              const producer = sluice.producer({ lingerMs: 10 })
              const [text, bytes] = await Promise.all([
                producer.send({
                  topic,
                  messages: [{ key: 'k', value: 'hello from the browser', partition: 0 }],
                }),
                producer.send({ topic, messages: [{ value: new Uint8Array([0, 255, 7]), partition: 0 }] }),
              ])
              await producer.close()
              const fetched = await sluice.execute(
                sdk.fetchRecords({ topic, partition: 0, encoding: 'base64' }),
              )
              const error = await producer
                .send({ topic, messages: [{ value: 'late' }] })
                .catch((e: unknown) => e)
              const missing = await sluice
                .admin()
                .fetchTopicOffsets('no-such-topic')
                .catch((e: unknown) => e)
              return {
                offsets: [text?.[0]?.offset, bytes?.[0]?.offset],
                values: fetched.records.map((r) => Array.from(r.value ?? [])),
                closed: error instanceof sdk.ProducerClosedError,
                missing:
                  missing instanceof sdk.TopicNotFoundError
                    ? (missing as { code: string }).code
                    : String(missing),
              }
            })
            expect(outcome).toEqual({
              offsets: [0, 1],
              values: [Array.from(new TextEncoder().encode('hello from the browser')), [0, 255, 7]],
              closed: true,
              missing: 'TOPIC_NOT_FOUND',
            })
          })
        } finally {
          await proxy.stop()
        }
      },
    )
  })
})
