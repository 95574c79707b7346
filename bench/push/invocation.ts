import { type LatencyModel, processCpuMs } from '../support/latency-model.js'

export interface Invocation<T> {
  result: T
  /** When it started and ended (performance.now()). */
  started: number
  ended: number
  /**
   * Billed ms, as `LambdaHttp` bills a request: the injected AWS latencies during it (their union)
   * plus this process's CPU time meanwhile that did not run beside one of them, rounded up.
   */
  billedMs: number
  /** Its simulated duration: wall-clock time less the time spent inside the local stand-ins. */
  simulatedMs: number
}

/** Runs `work` as one invocation of a function, billed and timed on the latency model; one at a time. */
export async function invocation<T>(latency: LatencyModel, work: () => Promise<T>): Promise<Invocation<T>> {
  const started = performance.now()
  const cpuBefore = processCpuMs()
  const besideBefore = latency.cpuBesideInjectedMs()
  const result = await work()
  const ended = performance.now()
  const cpuMs = processCpuMs() - cpuBefore
  const besideMs = latency.cpuBesideInjectedMs() - besideBefore
  return {
    result,
    started,
    ended,
    billedMs: Math.ceil(latency.injectedWithin(started, ended) + cpuMs - besideMs),
    simulatedMs: ended - started - latency.excludedWithin(started, ended),
  }
}
