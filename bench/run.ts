import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { startEmulators } from '../functions/local/emulators.js'
import { checkBars } from './bars.js'
import { MODULES } from './modules.js'
import { priceFile } from './pricing.js'
import { lookup, mergeResults, type Results } from './results.js'
import { formatSummary } from './summary.js'
import { benchStorage, startBenchService } from './support/bench-service.js'
import { latencyModelFile } from './support/latency-model.js'
import { startS3rverProcess } from './support/s3rver-process.js'

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true'

/**
 * `npm run bench`: starts DynamoDB Local and s3rver once, runs every module of bench/modules.ts
 * (BENCH_ONLY=core,sdk runs some), writes the merged figures to $BENCH_OUT (default
 * bench/results/latest.json) and prints a summary with the bars. Exits 1 only if a module failed.
 */
async function main() {
  const out = resolve(process.env.BENCH_OUT ?? 'bench/results/latest.json')
  const only = process.env.BENCH_ONLY?.split(',').map((s) => s.trim())
  const dataDir = mkdtempSync(join(tmpdir(), 'sluice-bench-'))
  const local = await startEmulators({ dataDir, inMemory: true })
  // The benchmarks use an s3rver of their own process (see s3rver-process.ts); the in-process one idles.
  const s3 = await startS3rverProcess(dataDir)
  const emulators = {
    ...local,
    s3Endpoint: s3.endpoint,
    stop: async () => {
      await Promise.all([s3.stop(), local.stop()])
    },
  }
  const started = Date.now()
  const results: Results = {
    meta: {
      startedAt: new Date(started).toISOString(),
      commit: gitCommit(),
      node: process.version,
      cpus: `${cpus().length} x ${cpus()[0]?.model ?? 'unknown'}`,
      prices: { path: priceFile.path, sha256: priceFile.sha256 },
      latencyModel: { path: latencyModelFile().path, sha256: latencyModelFile().sha256 },
      simulated:
        'simulatedLatencyMs.* (and the Lambda time in cost.*) come from the latency model (bench/inputs) injected into the AWS SDK clients, not from AWS.',
      loadAverageAtStart: loadavg().map((l) => Math.round(l * 10) / 10),
      secondsPerModule: {},
    },
  }
  const bars = []
  let failed = false
  const plain = await startBenchService({ storage: benchStorage(emulators, 'plain') })
  try {
    for (const module of MODULES) {
      if (only && !only.includes(module.name)) continue
      const moduleStarted = Date.now()
      process.stdout.write(`bench: ${module.name}...\n`)
      try {
        mergeResults(results, await module.run({ emulators, serviceUrl: plain.service.url }))
        bars.push(...(module.bars ?? []))
      } catch (err) {
        failed = true
        process.stderr.write(
          `bench: ${module.name} failed: ${err instanceof Error ? err.stack : String(err)}\n`,
        )
        mergeResults(results, { [`errors.${module.name}`]: err instanceof Error ? err.message : String(err) })
      }
      mergeResults(results, {
        [`meta.secondsPerModule.${module.name}`]: Math.round((Date.now() - moduleStarted) / 100) / 10,
      })
    }
  } finally {
    await plain.stop()
    await emulators.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
  const checked = checkBars(bars, (path) => lookup(results, path))
  mergeResults(results, {
    'meta.totalSeconds': Math.round((Date.now() - started) / 100) / 10,
    'meta.loadAverageAtEnd': loadavg().map((l) => Math.round(l * 10) / 10),
    bars: Object.fromEntries(
      checked.map((b) => [b.figure, { value: b.value, bar: `${b.op} ${b.limit}`, pass: b.pass }]),
    ),
  })
  mkdirSync(dirname(out), { recursive: true })
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`)
  process.stdout.write(`\n${formatSummary(results, checked)}\n\nWrote ${out}\n`)
  process.exit(failed ? 1 : 0)
}

function gitCommit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim()
  } catch {
    return 'unknown'
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`)
  process.exit(1)
})
