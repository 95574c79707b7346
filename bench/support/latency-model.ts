import { type BenchInput, readBenchInput } from './bench-inputs.js'

interface ModelOperation {
  p50: number
  p99: number
  perMiB?: number
}

interface LatencyModelFile {
  operations: Record<string, ModelOperation>
}

/** z-score of the 99th percentile of a standard normal distribution. */
const Z99 = 2.3263478740408408

let modelFile: BenchInput<LatencyModelFile> | undefined

/** The shared latency model, read on first use: tests of the bench's clients give latencies of their own. */
export function latencyModelFile(): BenchInput<LatencyModelFile> {
  modelFile ??= readBenchInput<LatencyModelFile>('aws-latency-model.json')
  return modelFile
}

/** A small seeded PRNG (mulberry32), so that a run's injected latencies are reproducible. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * Samples the model's latencies: each operation is lognormal with the model's p50 and p99
 * (mu = ln p50, sigma = ln(p99/p50) / z99), plus `perMiB` for every MiB the call carries.
 * Every sample is kept per operation, so a report can show the injected distribution beside the model.
 */
export class LatencyModel {
  private readonly random: () => number
  private spareNormal: number | undefined
  readonly samples = new Map<string, number[]>()
  /**
   * Time that is no part of the simulation, [start, end] in performance.now() ms: AWS calls inside the
   * local stand-ins, and timers firing later than asked on a busy machine.
   */
  private excluded: Interval[] = []
  /** When the excluded time still running began (see `openExclusion`). */
  private readonly openExclusions = new Set<{ started: number }>()
  /** When injected delays ran. */
  private injected: Interval[] = []
  /** When the injected delays running now began and are due to end. */
  private readonly runningDelays = new Set<{ started: number; due: number }>()
  /** Injected delays running now, and this process's CPU time (ms) when the first of them began. */
  private running = 0
  private cpuAtFirstRunning = 0
  /** This process's CPU time (ms) spent while some injected delay was running, summed over the run. */
  private cpuBesideInjected = 0

  constructor(seed = 42) {
    this.random = seededRandom(seed)
  }

  /** The model's p50 for an operation, e.g. `dynamodb.PutItem`. */
  static p50(operation: string): number {
    return LatencyModel.operation(operation).p50
  }

  private static operation(name: string): ModelOperation {
    const op = latencyModelFile().data.operations[name]
    if (!op) throw new Error(`the latency model has no operation ${name}`)
    return op
  }

  /** Whether the model has this operation; setup calls (CreateTable, CreateBucket) are not in it. */
  covers(operation: string): boolean {
    return operation in latencyModelFile().data.operations
  }

  sample(operation: string, bytes = 0): number {
    const { p50, p99 } = LatencyModel.operation(operation)
    const sigma = Math.log(p99 / p50) / Z99
    const ms = Math.exp(Math.log(p50) + sigma * this.standardNormal()) + this.transferMs(operation, bytes)
    let kept = this.samples.get(operation)
    if (!kept) {
      kept = []
      this.samples.set(operation, kept)
    }
    kept.push(ms)
    return ms
  }

  /** The model's `perMiB` share of a call carrying `bytes`. */
  transferMs(operation: string, bytes: number): number {
    return ((LatencyModel.operation(operation).perMiB ?? 0) * bytes) / 1048576
  }

  /** Notes time to be taken out of simulated figures. */
  exclude(start: number, end: number) {
    this.excluded = keepRecent(this.excluded, [start, end, performance.now()])
  }

  /**
   * Starts excluded time that is still running (a call inside the local stand-in), counted up to now
   * until the returned function ends it: a hedge timer that wakes while the first call is still in
   * the stand-in must not count that time as simulated time, or it fires early. Ending it tells how
   * much of it ran beside an injected wait: that much was simulated time all the same.
   */
  openExclusion(): () => number {
    const open = { started: performance.now() }
    this.openExclusions.add(open)
    return () => {
      this.openExclusions.delete(open)
      const ended = performance.now()
      this.exclude(open.started, ended)
      return ended - open.started - this.excludedWithin(open.started, ended)
    }
  }

  /**
   * Waits `ms`, or until `signal` aborts (a hedged call that lost: AWS stops billing the wait then);
   * whatever the timer adds beyond it is excluded.
   */
  async delay(ms: number, signal?: AbortSignal): Promise<void> {
    const started = performance.now()
    const running = { started, due: started + ms }
    this.runningDelays.add(running)
    if (this.running++ === 0) this.cpuAtFirstRunning = processCpuMs()
    try {
      await sleep(ms, signal)
    } finally {
      this.runningDelays.delete(running)
      if (--this.running === 0) this.cpuBesideInjected += processCpuMs() - this.cpuAtFirstRunning
    }
    const now = performance.now()
    const due = signal?.aborted ? Math.min(started + ms, now) : started + ms
    this.injected = keepRecent(this.injected, [started, due, now])
    if (now > due) this.exclude(due, now)
  }

  /**
   * How much of [from, to] is excluded time (the union of those intervals). A simulated duration is
   * the measured one less this: what is left is the injected latencies and the service's own work.
   * Excluded time that overlaps an injected delay, finished or still running (a call running beside
   * another's simulated wait), stays in: it is not on the simulated critical path's account twice.
   */
  excludedWithin(from: number, to: number): number {
    const now = performance.now()
    const open = [...this.openExclusions].map(({ started }): Interval => [started, now, now])
    const excluded = merged(this.excluded, from, to, open)
    const waiting = [...this.runningDelays].map(
      ({ started, due }): Interval => [started, Math.min(due, now), now],
    )
    const overlap = merged(this.injected, from, to, waiting).reduce(
      (sum, [s, e]) =>
        sum + excluded.reduce((o, [xs, xe]) => o + Math.max(0, Math.min(e, xe) - Math.max(s, xs)), 0),
      0,
    )
    return total(excluded) - overlap
  }

  /**
   * This process's CPU time (ms) so far that ran while some injected delay was running: work that in
   * AWS overlaps a wait on the network (a reservation's reply parsed while the segment PUT is still
   * uploading), so that it is not on a simulated duration's account a second time. Differences of two
   * readings give it for a window.
   */
  cpuBesideInjectedMs(): number {
    return this.cpuBesideInjected + (this.running > 0 ? processCpuMs() - this.cpuAtFirstRunning : 0)
  }

  /**
   * Waits until `ms` of simulated time has passed: wall-clock time less the excluded time meanwhile
   * (a hedge timer must not count the time a call spends in the local stand-in, which AWS has not).
   */
  async sleepSimulated(ms: number, signal?: AbortSignal): Promise<void> {
    const started = performance.now()
    for (;;) {
      const now = performance.now()
      const left = ms - (now - started - this.excludedWithin(started, now))
      if (left < 1 || signal?.aborted) return
      await sleep(left, signal)
    }
  }

  /** How much of [from, to] some injected delay was running (the union of their intervals). */
  injectedWithin(from: number, to: number): number {
    return total(merged(this.injected, from, to))
  }

  /** Box-Muller, using both values it makes. */
  private standardNormal(): number {
    if (this.spareNormal !== undefined) {
      const spare = this.spareNormal
      this.spareNormal = undefined
      return spare
    }
    const u = 1 - this.random()
    const v = this.random()
    const radius = Math.sqrt(-2 * Math.log(u))
    this.spareNormal = radius * Math.sin(2 * Math.PI * v)
    return radius * Math.cos(2 * Math.PI * v)
  }
}

/**
 * An interval [start, end] and when it was recorded, which is never before its end: intervals are
 * kept in the order they were recorded, so a query for a window need only look back to its start.
 */
type Interval = [start: number, end: number, recordedAt: number]

function keepRecent(intervals: Interval[], added: Interval): Interval[] {
  intervals.push(added)
  return intervals.length > 10_000 ? intervals.filter(([, e]) => e > added[1] - 60_000) : intervals
}

/** The intervals clipped to [from, to], merged where they overlap, in order. */
function merged(
  intervals: readonly Interval[],
  from: number,
  to: number,
  others: readonly Interval[] = [],
): [number, number][] {
  // Every query is about the last few ms of thousands of intervals: scan back from the newest (this
  // bookkeeping runs inside the measured requests, so it must stay cheap).
  const clipped: [number, number][] = []
  for (let i = intervals.length - 1; i >= 0; i--) {
    const [s, e, recordedAt] = intervals[i] as Interval
    if (recordedAt <= from) break
    if (e > from && s < to) clipped.push([Math.max(s, from), Math.min(e, to)])
  }
  for (const [s, e] of others) if (e > from && s < to) clipped.push([Math.max(s, from), Math.min(e, to)])
  clipped.sort((a, b) => a[0] - b[0])
  const out: [number, number][] = []
  for (const [s, e] of clipped) {
    const last = out[out.length - 1]
    if (last && s <= last[1]) last[1] = Math.max(last[1], e)
    else out.push([s, e])
  }
  return out
}

const total = (intervals: readonly [number, number][]) => intervals.reduce((sum, [s, e]) => sum + e - s, 0)

/** This process's CPU time (user and system, all threads) in ms. */
export function processCpuMs(): number {
  const { user, system } = process.cpuUsage()
  return (user + system) / 1000
}

/** Waits `ms`, or less if `signal` aborts. */
export const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve()
    const done = () => {
      clearTimeout(timer)
      signal?.removeEventListener('abort', done)
      resolve()
    }
    const timer = setTimeout(done, ms)
    signal?.addEventListener('abort', done, { once: true })
  })
