import { execFile } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { FUNCTION_NAMES, isHttpFunction } from '../infra/lib/access.js'
import { BUNDLE_FILE, bundleEntry, bundleSize, entryFile } from '../infra/lib/bundling.js'

const run = promisify(execFile)

/** The deploy bars: each bundle at most this many KB, each init at most this many times a bare Hono app's. */
export const DEPLOY_BARS = { bundleKB: 500, initRatio: 3 } as const
const RUNS = 5
const PROBE = fileURLToPath(new URL('./deploy-probe.mjs', import.meta.url))
const BARE_HONO = fileURLToPath(new URL('./fixtures/bare-hono.ts', import.meta.url))

/** Module load happens without storage; endpoints that refuse connections prove nothing is called at load. */
const PROBE_ENV = {
  PATH: process.env.PATH ?? '',
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  SLUICE_TABLE: 'sluice-bench',
  SLUICE_BUCKET: 'sluice-bench',
  SLUICE_DYNAMODB_ENDPOINT: 'http://127.0.0.1:9',
  SLUICE_S3_ENDPOINT: 'http://127.0.0.1:9',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
}

interface ProbeResult {
  sinceStartMs: number
  moduleAndRequestMs: number
  rssMB: number
}

interface Measured {
  name: string
  bundleKB: number
  assetKB: number
  initMs: number
  moduleLoadMs: number
  rssMB: number
}

/**
 * Bundles every Lambda entry point exactly as the CDK app does and measures it:
 * - `deploy.bundleKB.<fn>`: KB Node loads at a cold start (the entry file and its static imports);
 *   `deploy.assetKB.<fn>` adds the lazily imported chunks that are deployed but normally never loaded.
 * - `deploy.initMs.<fn>`: a fresh `node` process, from its start (Node's own startup included, as in a
 *   Lambda cold start) until the answer to the first request (GET /health; an empty stream batch for the
 *   janitor), median of 5. `deploy.moduleLoadMs.<fn>` is the part after Node's startup: import + request.
 * - the same for a bare Hono app bundled the same way, and `deploy.initRatio.<fn>` = initMs / bare initMs.
 * Measured on this machine with Node's version here, not in Lambda.
 */
export async function benchDeploy(): Promise<Record<string, unknown>> {
  const workDir = await mkdtemp(join(tmpdir(), 'sluice-bench-deploy-'))
  try {
    const targets: Target[] = [
      bundled('bareHono', BARE_HONO, join(workDir, 'bare-hono'), 'http'),
      ...FUNCTION_NAMES.map((name) =>
        bundled(name, entryFile(name), join(workDir, name), isHttpFunction(name) ? 'http' : 'stream'),
      ),
    ]
    // Round-robin, one process at a time: a busy machine then slows every target alike, which keeps the
    // ratios meaningful, and concurrent processes would share the cores.
    for (let i = 0; i < RUNS; i++) {
      for (const target of targets) target.probes.push(await probe(target))
    }
    const [bare, ...functions] = targets.map(summarise)
    if (!bare) throw new Error('no bare Hono measurement')
    const results: Record<string, unknown> = {
      'deploy.bundleKB.bareHono': bare.bundleKB,
      'deploy.initMs.bareHono': bare.initMs,
      'deploy.moduleLoadMs.bareHono': bare.moduleLoadMs,
    }
    const breaches: string[] = []
    for (const m of functions) {
      const initRatio = round(m.initMs / bare.initMs, 2)
      Object.assign(results, {
        [`deploy.bundleKB.${m.name}`]: m.bundleKB,
        [`deploy.assetKB.${m.name}`]: m.assetKB,
        [`deploy.initMs.${m.name}`]: m.initMs,
        [`deploy.moduleLoadMs.${m.name}`]: m.moduleLoadMs,
        [`deploy.rssMB.${m.name}`]: m.rssMB,
        [`deploy.initRatio.${m.name}`]: initRatio,
      })
      if (m.bundleKB > DEPLOY_BARS.bundleKB)
        breaches.push(`bundleKB.${m.name} ${m.bundleKB} > ${DEPLOY_BARS.bundleKB}`)
      if (initRatio > DEPLOY_BARS.initRatio)
        breaches.push(`initRatio.${m.name} ${initRatio} > ${DEPLOY_BARS.initRatio}`)
    }
    results['deploy.bars'] = DEPLOY_BARS
    results['deploy.barsMet'] = breaches.length === 0
    results['deploy.breaches'] = breaches
    results['deploy.note'] =
      `Measured locally on Node ${process.versions.node}, median of ${RUNS} fresh processes per bundle; not in Lambda.`
    return results
  } finally {
    await rm(workDir, { recursive: true, force: true })
  }
}

interface Target {
  name: string
  bundle: string
  kind: 'http' | 'stream'
  startupBytes: number
  totalBytes: number
  probes: ProbeResult[]
}

function bundled(name: string, entry: string, outdir: string, kind: 'http' | 'stream'): Target {
  const size = bundleSize(bundleEntry(entry, outdir))
  return { name, bundle: join(outdir, BUNDLE_FILE), kind, ...size, probes: [] }
}

async function probe(target: Target): Promise<ProbeResult> {
  const { stdout } = await run(process.execPath, [PROBE, target.bundle, target.kind], { env: PROBE_ENV })
  // The function's own log lines come first; the probe's timings are the last line.
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as ProbeResult
}

function summarise(target: Target): Measured {
  return {
    name: target.name,
    bundleKB: round(target.startupBytes / 1024, 1),
    assetKB: round(target.totalBytes / 1024, 1),
    initMs: round(median(target.probes.map((p) => p.sinceStartMs)), 1),
    moduleLoadMs: round(median(target.probes.map((p) => p.moduleAndRequestMs)), 1),
    rssMB: round(median(target.probes.map((p) => p.rssMB)), 1),
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? (sorted[mid] ?? Number.NaN) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits
  return Math.round(value * scale) / scale
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await benchDeploy(), null, 2))
}
