import { copyFileSync, cpSync, existsSync, mkdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { basename, dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type BuildOptions, buildSync, type Metafile } from 'esbuild'
import { CONSOLE_ASSET_DIR, CONSOLE_BUILD_DIR } from '../../functions/app/console-asset.js'
import { REFERENCE_SCRIPT_ASSET, REFERENCE_SCRIPT_MODULE } from '../../functions/app/reference-asset.js'
import type { FunctionName } from './access.js'

/** The entry point of a function: `functions/lambda/<name>.ts`, exporting `handler`. */
export function entryFile(name: FunctionName): string {
  return fileURLToPath(new URL(`../../functions/lambda/${name}.ts`, import.meta.url))
}

/**
 * How every Lambda entry point is bundled: the one definition the CDK assets and `bench/deploy.ts` share,
 * so the benchmark measures what gets deployed.
 *
 * The AWS SDK is bundled rather than taken from the Lambda runtime: measured here, the function loaded
 * its first request in about 330 ms with the SDK bundled against about 550 ms resolving it from
 * node_modules (as the runtime's copy would be). Code splitting keeps what only `import()` reaches out of
 * the entry file: the SDK's SSO, INI-file, process and web-identity credential providers and their nested
 * clients, which a Lambda function (credentials in its environment) never loads.
 */
export const LAMBDA_BUNDLE_OPTIONS = {
  bundle: true,
  splitting: true,
  minify: true,
  format: 'esm',
  platform: 'node',
  target: 'node24',
  // ESM builds of dependencies tree-shake better than their CommonJS builds.
  mainFields: ['module', 'main'],
  // CommonJS dependencies inside an ESM bundle still call require() for Node built-ins.
  banner: {
    js: "import{createRequire as __sluiceCreateRequire}from'node:module';const require=__sluiceCreateRequire(import.meta.url);",
  },
  entryNames: 'index',
  chunkNames: 'chunks/[name]-[hash]',
  // .mjs makes Node load the files as ES modules without a package.json beside them.
  outExtension: { '.js': '.mjs' },
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
} as const satisfies BuildOptions

/** The file Lambda loads (handler `index.handler`). */
export const BUNDLE_FILE = 'index.mjs'

/** The web console as `npm run console:build` (run by `npm install`) leaves it. */
export const CONSOLE_BUILD = fileURLToPath(new URL(`../../${CONSOLE_BUILD_DIR}`, import.meta.url))

/**
 * Bundles one entry point into `outdir` (synchronously: CDK's local bundling hook is synchronous), with
 * what the app serves from files beside it, which the function has no repository or node_modules to
 * read from, and which bundled as text would weigh on every cold start: the script of the API reference
 * page (`GET /docs/reference.js`) and the web console's built assets (`GET /console/`).
 */
export function bundleEntry(entry: string, outdir: string): Metafile {
  if (!existsSync(join(CONSOLE_BUILD, 'index.html'))) {
    throw new Error(`${CONSOLE_BUILD_DIR} is missing: run \`npm run console:build\` (npm install runs it)`)
  }
  const { metafile } = buildSync({ ...LAMBDA_BUNDLE_OPTIONS, entryPoints: [entry], outdir })
  const asset = join(outdir, REFERENCE_SCRIPT_ASSET)
  mkdirSync(dirname(asset), { recursive: true })
  copyFileSync(createRequire(import.meta.url).resolve(REFERENCE_SCRIPT_MODULE), asset)
  cpSync(CONSOLE_BUILD, join(outdir, CONSOLE_ASSET_DIR), { recursive: true })
  return metafile
}

export interface BundleSize {
  /** Bytes Node loads at start: the entry file and the chunks it imports statically. */
  startupBytes: number
  /** Bytes of every file in the bundle, lazily loaded chunks included. */
  totalBytes: number
}

/** Sizes of a bundle from its metafile. */
export function bundleSize(metafile: Metafile): BundleSize {
  const outputs = metafile.outputs
  // Lazily imported modules are entry points too, in esbuild's eyes; the function's entry is the one
  // named BUNDLE_FILE (chunks are named `chunks/<name>-<hash>.mjs`).
  const entryPath = Object.keys(outputs).find((path) => basename(path) === BUNDLE_FILE)
  if (!entryPath) throw new Error('the bundle has no entry point')
  const loaded = new Set<string>()
  const visit = (path: string) => {
    if (loaded.has(path)) return
    loaded.add(path)
    for (const imported of outputs[path]?.imports ?? []) {
      if (imported.kind === 'import-statement' && !imported.external) visit(imported.path)
    }
  }
  visit(entryPath)
  const bytesOf = (paths: Iterable<string>) =>
    [...paths].reduce((sum, path) => sum + (outputs[path]?.bytes ?? 0), 0)
  return { startupBytes: bytesOf(loaded), totalBytes: bytesOf(Object.keys(outputs)) }
}
