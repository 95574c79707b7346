import { type BuildOptions, buildSync } from 'esbuild'

/**
 * How every Lambda entry point is bundled: the one definition the CDK assets and `bench/deploy.ts` share,
 * so the benchmark measures what gets deployed.
 */
export const LAMBDA_BUNDLE_OPTIONS = {
  bundle: true,
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
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
} as const satisfies BuildOptions

/** The file name Lambda loads; `.mjs` makes Node treat the bundle as ESM without a package.json. */
export const BUNDLE_FILE = 'index.mjs'

/** Bundles one entry point into `outdir/index.mjs`, synchronously (CDK's local bundling hook is synchronous). */
export function bundleEntry(entry: string, outdir: string): void {
  buildSync({ ...LAMBDA_BUNDLE_OPTIONS, entryPoints: [entry], outfile: `${outdir}/${BUNDLE_FILE}` })
}
