import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ChaosResult } from '../../chaos/report.js'

/** The short run: a fixed seed, a minute of workload, a light load; the nemesis still injects every fault. */
const SHORT_RUN = { CHAOS_SEED: '20260514', CHAOS_DURATION_MS: '60000', CHAOS_SCALE: '0.2' }
/** Past this, the run is stopped (SIGTERM, then SIGKILL of its process group) and the test fails. */
const RUN_LIMIT_MS = 7 * 60_000
/**
 * Records the short run acknowledges at the least when the service is up most of the time (about
 * 3,000 on two busy cores).
 */
const ACKED_FLOOR = 1000

const outDir = mkdtempSync(join(tmpdir(), 'sluice-chaos-test-'))
let child: ChildProcess | undefined
let output = ''
let result: ChaosResult

/** Kills the run's whole process group: the runner, its cluster and its consumer members. */
function killGroup(signal: NodeJS.Signals): void {
  if (child?.pid !== undefined && child.exitCode === null && child.signalCode === null) {
    try {
      process.kill(-child.pid, signal)
    } catch {
      // Already gone.
    }
  }
}

beforeAll(async () => {
  const out = join(outDir, 'result.json')
  child = spawn(process.execPath, ['--import', 'tsx', 'chaos/run.ts'], {
    env: { ...process.env, ...SHORT_RUN, CHAOS_OUT: out },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so that everything it started can be killed at once if it overruns.
    detached: true,
  })
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString()
  })
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString()
  })
  const exited = new Promise<number | null>((resolve) => child?.once('exit', (code) => resolve(code)))
  const overrun = setTimeout(() => {
    killGroup('SIGTERM')
    setTimeout(() => killGroup('SIGKILL'), 30_000).unref()
  }, RUN_LIMIT_MS)
  const code = await exited
  clearTimeout(overrun)
  // Exit 1 means anomalies were found: the result says which. Anything else but 0 is a failed run.
  if (code !== 0 && code !== 1) throw new Error(`the chaos run exited with ${code}:\n${output}`)
  result = JSON.parse(readFileSync(out, 'utf8')) as ChaosResult
}, RUN_LIMIT_MS + 60_000)

afterAll(() => {
  killGroup('SIGKILL')
  rmSync(outDir, { recursive: true, force: true })
})

describe('a short chaos run with a fixed seed', () => {
  it('finds no anomaly', () => {
    const found = Object.entries(result.anomalies).filter(([, count]) => count > 0)
    expect(found, JSON.stringify(result.examples, null, 2)).toEqual([])
  })

  it('injects every kind of fault', () => {
    for (const [kind, count] of Object.entries(result.faults)) expect(count, kind).toBeGreaterThan(0)
  })

  it('acknowledges records and does its whole part', () => {
    expect(result.records.acked).toBeGreaterThan(ACKED_FLOOR)
    expect(result.problems.shown).toEqual([])
  })
})
