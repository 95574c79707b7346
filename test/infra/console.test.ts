import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { App } from 'aws-cdk-lib'
import { Template } from 'aws-cdk-lib/assertions'
import type { Metafile } from 'esbuild'
import { afterAll, describe, expect, it } from 'vitest'
import { DEPLOY_BARS } from '../../bench/deploy.js'
import { CONSOLE_ASSET_DIR } from '../../functions/app/console-asset.js'
import { BUNDLE_FILE, bundleEntry, bundleSize, CONSOLE_BUILD, entryFile } from '../../infra/lib/bundling.js'
import { DEFAULT_ROUTE_TARGET, ROUTES } from '../../infra/lib/front-door.js'
import { SluiceStack } from '../../infra/lib/stack.js'

/**
 * The console in AWS: the admin function serves it (behind the API's `$default` route) from the built
 * assets copied into its asset, and the stack's outputs name its URL. Serving it keeps the function's
 * startup bundle within its bar: the file serving is a chunk loaded on the first console request.
 */

describe('the stack', () => {
  // Bundling is not what these assertions look at (the bundle is checked below).
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] }, builtinCloudFormationValidation: false })
  const template = Template.fromStack(new SluiceStack(app, 'Sluice'))

  it("outputs the console's URL: /console/ on the API's own URL", () => {
    const output = template.findOutputs('ConsoleUrl').ConsoleUrl as {
      Value: { 'Fn::Join': [string, unknown[]] }
    }
    const parts = output.Value['Fn::Join'][1]
    expect(parts[0]).toBe('https://')
    expect(parts.at(-1)).toBe('/console/')
    const api = template.findOutputs('Url').Url as { Value: { 'Fn::Join': [string, unknown[]] } }
    expect(parts.slice(0, -1)).toEqual(api.Value['Fn::Join'][1])
  })

  it('routes /console to the default route, which the admin function serves', () => {
    expect(DEFAULT_ROUTE_TARGET).toBe('admin')
    expect(ROUTES.filter((route) => route.path.startsWith('/console'))).toEqual([])
    const keys = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map(
      (route) => (route as { Properties: { RouteKey: string } }).Properties.RouteKey,
    )
    expect(keys).toContain('$default')
    expect(keys.filter((key) => key.includes('/console'))).toEqual([])
  })
})

describe("the admin function's bundle", () => {
  const outdir = mkdtempSync(join(tmpdir(), 'sluice-admin-bundle-'))
  afterAll(() => rmSync(outdir, { recursive: true, force: true }))
  const metafile = bundleEntry(entryFile('admin'), outdir)

  it('holds the built console, as npm run console:build left it', () => {
    const bundled = (file: string) => readFileSync(join(outdir, CONSOLE_ASSET_DIR, file), 'utf8')
    expect(bundled('index.html')).toBe(readFileSync(join(CONSOLE_BUILD, 'index.html'), 'utf8'))
    const script = /src="\.\/(assets\/[^"]+\.js)"/.exec(bundled('index.html'))?.[1]
    expect(script).toBeDefined()
    expect(bundled(script as string).length).toBeGreaterThan(10_000)
  })

  it('starts within its bar, the console file serving left to a chunk loaded on first use', () => {
    expect(bundleSize(metafile).startupBytes).toBeLessThan(DEPLOY_BARS.bundleKB * 1024)
    const serving = Object.entries(metafile.outputs).find(([, output]) =>
      Object.keys(output.inputs).some((input) => input.endsWith('functions/app/console-files.ts')),
    )?.[0]
    expect(serving).toBeDefined()
    expect(startupOutputs(metafile)).not.toContain(serving)
  })
})

/** The outputs Node loads at start: the entry file and what it imports statically. */
function startupOutputs(metafile: Metafile): string[] {
  const entry = Object.keys(metafile.outputs).find((path) =>
    relative('.', path).endsWith(BUNDLE_FILE),
  ) as string
  const loaded = new Set<string>()
  const visit = (path: string) => {
    if (loaded.has(path)) return
    loaded.add(path)
    for (const imported of metafile.outputs[path]?.imports ?? []) {
      if (imported.kind === 'import-statement' && !imported.external) visit(imported.path)
    }
  }
  visit(entry)
  return [...loaded]
}
