import type { Emulators } from '../../functions/local/emulators.js'
import { benchContention } from './contention.js'
import { benchCost } from './cost.js'
import { benchLatency } from './latency.js'
import { benchThroughput } from './throughput.js'

async function step<T>(name: string, run: () => Promise<T>): Promise<T> {
  const started = Date.now()
  const result = await run()
  process.stdout.write(`  core.${name}: ${((Date.now() - started) / 1000).toFixed(1)} s\n`)
  return result
}

/** The log service's figures: contention, throughput, cost and simulated latency. */
export async function benchCore(emulators: Emulators): Promise<Record<string, unknown>> {
  return {
    contention: await step('contention', () => benchContention()),
    throughput: await step('throughput', () => benchThroughput(emulators)),
    cost: await step('cost', () => benchCost(emulators)),
    simulatedLatencyMs: await step('simulatedLatencyMs', () => benchLatency(emulators)),
  }
}
