import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { afterAll, describe, expect, it } from 'vitest'
import { createApp } from '../../functions/app/app.js'
import { CONSOLE_CSP } from '../../functions/app/console-files.js'
import { createService } from '../../functions/service.js'
import { testStorage } from '../support/service.js'

/** The app serving a console build (a small one written here) at /console, as the local server and admin do. */

const build = mkdtempSync(join(tmpdir(), 'sluice-console-build-'))
mkdirSync(join(build, 'assets'))
const script = `console.log(${JSON.stringify('x'.repeat(4000))})`
writeFileSync(
  join(build, 'index.html'),
  '<!doctype html><script type="module" src="./assets/index-abc.js"></script>',
)
writeFileSync(join(build, 'assets', 'index-abc.js'), script)
writeFileSync(join(build, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>')
afterAll(() => rmSync(build, { recursive: true, force: true }))

const deps = createService(testStorage())
const app = createApp(deps, { consoleDir: build })

describe('the console served at /console', () => {
  it('moves /console to /console/, where relative asset URLs resolve', async () => {
    const answer = await app.request('/console')
    expect(answer.status).toBe(308)
    expect(new URL(answer.headers.get('location') ?? '', 'http://x/console').pathname).toBe('/console/')
  })

  it('answers the page with its Content-Security-Policy, checked on each load', async () => {
    const answer = await app.request('/console/')
    expect(answer.status).toBe(200)
    expect(answer.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(answer.headers.get('content-security-policy')).toBe(CONSOLE_CSP)
    expect(answer.headers.get('cache-control')).toBe('no-cache')
    expect(await answer.text()).toContain('./assets/index-abc.js')
  })

  it('answers hashed assets gzipped when asked, kept for a year', async () => {
    const answer = await app.request('/console/assets/index-abc.js', {
      headers: { 'accept-encoding': 'gzip, br' },
    })
    expect(answer.headers.get('content-encoding')).toBe('gzip')
    expect(answer.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect(gunzipSync(Buffer.from(await answer.arrayBuffer())).toString()).toBe(script)
    const plain = await app.request('/console/assets/index-abc.js')
    expect(plain.headers.get('content-encoding')).toBeNull()
    expect(await plain.text()).toBe(script)
  })

  it('answers 404 for a file the build does not have, also for paths that leave the build', async () => {
    for (const path of ['/console/nothing.js', '/console/../package.json', '/console/%2e%2e/package.json']) {
      const answer = await app.request(path)
      expect(answer.status, path).toBe(404)
      expect((await answer.json()).error.code).toBe('NOT_FOUND')
    }
  })

  it('says how to build the console when it is not built', async () => {
    const unbuilt = createApp(deps, { consoleDir: join(build, 'missing') })
    const answer = await unbuilt.request('/console/')
    expect(answer.status).toBe(404)
    expect((await answer.json()).error.message).toContain('npm run console:build')
  })

  it('is not served without a build given (the routes are the API only)', async () => {
    expect((await createApp(deps).request('/console/')).status).toBe(404)
  })
})
