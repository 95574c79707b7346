import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openApiDocument } from '../../functions/app/openapi/document.js'
import { REFERENCE_SCRIPT_ASSET, REFERENCE_SCRIPT_MODULE } from '../../functions/app/reference-asset.js'
import { localAuthenticator } from '../../functions/auth/from-env.js'
import type { RunningService } from '../../functions/local/serve.js'
import { BUNDLE_FILE, bundleEntry, entryFile } from '../../infra/lib/bundling.js'
import { chromiumTitle, hasChromium, withChromium } from '../support/chromium.js'
import { api } from '../support/http.js'
import { functionUrlEvent, lambdaContext } from '../support/lambda-events.js'
import { startTestService } from '../support/service.js'

/**
 * GET /openapi.json and the reference page at /docs: served without an API key, the page's script by
 * the service itself (locally from node_modules, in Lambda from the function's asset), and nothing
 * fetched from anywhere else.
 */

const script = readFileSync(createRequire(import.meta.url).resolve(REFERENCE_SCRIPT_MODULE), 'utf8')
const ROOT = `root-${crypto.randomUUID()}`

let service: RunningService
let call: ReturnType<typeof api>

beforeAll(async () => {
  // Auth on: none of these needs a key.
  service = await startTestService({
    app: (deps) => {
      const authenticator = localAuthenticator(deps.keys, { SLUICE_AUTH: 'on', SLUICE_ROOT_KEY: ROOT })
      return authenticator ? { authenticator } : {}
    },
  })
  call = api(service.url)
})
afterAll(() => service.stop())

/** The script's URL as the page names it, relative to the page. */
const scriptUrl = (page: string) =>
  /<script src="(docs\/reference\.js\?v=[0-9a-f]{16})"><\/script>/.exec(page)?.[1]

describe('the contract, served', () => {
  it('answers the document at /openapi.json without a key', async () => {
    expect((await call('GET', '/v1/topics')).status).toBe(401)
    const served = await call('GET', '/openapi.json')
    expect(served.status).toBe(200)
    expect(served.body).toEqual(openApiDocument())
  })

  it('answers the reference page at /docs, its script from the service itself', async () => {
    const page = await call('GET', '/docs')
    expect(page.status).toBe(200)
    expect(page.body).toContain('<redoc spec-url="openapi.json"></redoc>')
    expect(page.headers.get('content-security-policy')).toMatch(/^default-src 'self'; /)
    const url = scriptUrl(page.body)
    expect(url).toBeDefined()
    const served = await call('GET', `/${url}`)
    expect(served.status).toBe(200)
    expect(served.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(served.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect(served.body).toBe(script)
  })

  it('answers 405 to another method on these paths', async () => {
    const response = await call('POST', '/openapi.json', {})
    expect(response.status).toBe(405)
    expect(response.headers.get('allow')).toBe('GET')
  })

  it.skipIf(!hasChromium)(
    chromiumTitle(
      'renders the operations in headless Chromium, requesting nothing from another origin',
      'render the page',
    ),
    () =>
      withChromium(async (browser) => {
        const tab = await browser.newPage()
        const elsewhere: string[] = []
        await tab.route('**/*', (route) => {
          const url = route.request().url()
          if (url.startsWith(`${service.url}/`)) return route.continue()
          elsewhere.push(url)
          return route.abort()
        })
        await tab.goto(`${service.url}/docs`)
        await tab.locator('h2', { hasText: 'Create a topic' }).waitFor()
        const text = await tab.evaluate(() => document.body.textContent)
        for (const summary of ['Produce records', 'Take or renew a lease', 'Produce and commit atomically']) {
          expect(text).toContain(summary)
        }
        expect(elsewhere).toEqual([])
      }),
  )
})

describe('the contract, served by a Lambda bundle', () => {
  let outdir: string
  beforeAll(() => {
    outdir = mkdtempSync(join(tmpdir(), 'sluice-reference-'))
    bundleEntry(entryFile('produce'), outdir)
  })
  afterAll(() => rmSync(outdir, { recursive: true, force: true }))

  it('holds the script in its asset', () => {
    expect(readFileSync(join(outdir, REFERENCE_SCRIPT_ASSET), 'utf8')).toBe(script)
  })

  it('answers the document, the page and its script from the asset alone', async () => {
    // In a process of its own, as in Lambda: no node_modules beside the bundle, the asset its task root.
    const invoke = `
      const { handler } = await import(${JSON.stringify(pathToFileURL(join(outdir, BUNDLE_FILE)).href)})
      const answers = []
      for (const event of JSON.parse(process.argv[1])) answers.push(await handler(event, ${JSON.stringify(lambdaContext)}))
      process.stdout.write(JSON.stringify(answers))`
    const events = ['/openapi.json', '/docs'].map((path) => functionUrlEvent('GET', path))
    const run = (argv: unknown[]) =>
      promisify(execFile)(process.execPath, ['--input-type=module', '-e', invoke, JSON.stringify(argv)], {
        cwd: outdir,
        maxBuffer: 16 * 1024 * 1024,
        env: {
          PATH: process.env.PATH ?? '',
          LAMBDA_TASK_ROOT: outdir,
          AWS_REGION: 'us-east-1',
          AWS_ACCESS_KEY_ID: 'test',
          AWS_SECRET_ACCESS_KEY: 'test',
          SLUICE_TABLE: 'sluice-reference',
          SLUICE_BUCKET: 'sluice-reference',
          // Nothing here touches storage: an endpoint that refuses connections would say so.
          SLUICE_DYNAMODB_ENDPOINT: 'http://127.0.0.1:9',
          SLUICE_S3_ENDPOINT: 'http://127.0.0.1:9',
          // The functions log each request on stdout; this test reads only its own line there.
          POWERTOOLS_LOG_LEVEL: 'SILENT',
        },
      })
    const [document, page] = JSON.parse((await run(events)).stdout) as { statusCode: number; body: string }[]
    expect(document?.statusCode).toBe(200)
    expect(JSON.parse(document?.body ?? '')).toEqual(openApiDocument())
    expect(page?.statusCode).toBe(200)
    const url = new URL(scriptUrl(page?.body ?? '') ?? '', 'http://x/')
    const [served] = JSON.parse(
      (await run([functionUrlEvent('GET', url.pathname, { query: Object.fromEntries(url.searchParams) })]))
        .stdout,
    ) as { statusCode: number; body: string; isBase64Encoded: boolean }[]
    expect(served).toMatchObject({ statusCode: 200, isBase64Encoded: false })
    expect(served?.body).toBe(script)
  })
})
