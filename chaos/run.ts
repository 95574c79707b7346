import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { checkHistory, summarize } from './checker/index.js'
import { Cleanup } from './cleanup.js'
import { startCluster } from './cluster/cluster.js'
import { chaosOptions } from './options.js'
import { anomalyCount, chaosResult, oneLine } from './report.js'
import { log, runWorkloads } from './runner.js'

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true'

/** Beyond the workload's duration, the most a run may take (setup, the nemesis's first round, catch-up, final reads). */
const OVERTIME_MS = 9 * 60_000

/**
 * `npm run chaos`: a Jepsen-style run of Sluice on a local cluster under a seeded nemesis (see
 * docs/chaos.md). Writes the result to $CHAOS_OUT, prints one line, and exits 1 when the checker found
 * an anomaly or the run could not do its part, 2 when it failed outright. Whatever happens, every
 * process it started is stopped before it exits.
 */
async function main(): Promise<number> {
  const options = chaosOptions()
  const out = resolve(options.out)
  const workDir = options.workDir ?? mkdtempSync(join(tmpdir(), 'sluice-chaos-'))
  mkdirSync(workDir, { recursive: true })
  const cleanup = new Cleanup()
  const abort = (reason: string, code: number) => {
    log(`${reason}: stopping everything`)
    void cleanup.run().finally(() => process.exit(code))
  }
  process.once('SIGINT', () => abort('SIGINT', 130))
  process.once('SIGTERM', () => abort('SIGTERM', 143))
  const deadline = setTimeout(
    () => abort(`not done ${Math.round((options.durationMs + OVERTIME_MS) / 1000)} s after it started`, 2),
    options.durationMs + OVERTIME_MS,
  )
  log(
    `seed ${options.seed}, ${options.durationMs / 1000} s of workload at scale ${options.scale}, ` +
      `${options.instances} instances, hole timeout ${options.holeTimeoutMs} ms; work in ${workDir}`,
  )
  const startedAt = Date.now()
  let run: Awaited<ReturnType<typeof runWorkloads>>
  try {
    const cluster = await startCluster({
      instances: options.instances,
      dataDir: join(workDir, 'data'),
      env: {
        SLUICE_HOLE_TIMEOUT_MS: String(options.holeTimeoutMs),
        SLUICE_WRITER_DEADLINE_MS: String(options.writerDeadlineMs),
        SLUICE_POLL_INTERVAL_MS: String(options.pollIntervalMs),
      },
    })
    cleanup.add('cluster', () => cluster.stop())
    run = await runWorkloads(options, cluster, workDir, cleanup)
  } finally {
    await cleanup.run()
  }
  clearTimeout(deadline)

  const check = checkHistory(run.history)
  const result = chaosResult(check, run.history, options, { startedAt, problems: run.problems })
  mkdirSync(dirname(out), { recursive: true })
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`)
  for (const problem of result.problems.shown) log(`problem: ${problem}`)
  process.stdout.write(`${oneLine(result, summarize(check), out)}\n`)
  const failed = anomalyCount(result) > 0 || result.problems.count > 0
  if (failed) {
    // Kept for a look at what happened: the history, the member journals and logs.
    writeFileSync(join(workDir, 'history.json'), JSON.stringify(run.history))
    log(`history and logs kept in ${workDir}`)
  } else if (!options.workDir) {
    rmSync(workDir, { recursive: true, force: true })
  }
  return failed ? 1 : 0
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
    process.exit(2)
  },
)
