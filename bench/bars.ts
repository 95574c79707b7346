/** A figure's bar: `figure` is its dotted path in the results. */
export interface Bar {
  figure: string
  op: '>=' | '<='
  limit: number
  unit: string
}

/** The bars of the log service: contention, cost and simulated latency. */
export const CORE_BARS: Bar[] = [
  { figure: 'contention.ratio32', op: '>=', limit: 0.5, unit: '' },
  { figure: 'cost.usdPerMillionRecords.batch1', op: '<=', limit: 2.5, unit: '$ per million records' },
  { figure: 'cost.usdPerGB.batch100', op: '<=', limit: 0.08, unit: '$/GB' },
  { figure: 'cost.usdPerGB.batch1000', op: '<=', limit: 0.012, unit: '$/GB' },
  { figure: 'cost.idleUsdPerMonth', op: '<=', limit: 0.01, unit: '$/month' },
  { figure: 'simulatedLatencyMs.produceSmall.p99', op: '<=', limit: 50, unit: 'ms (simulated)' },
  { figure: 'simulatedLatencyMs.produceLarge.p99', op: '<=', limit: 250, unit: 'ms (simulated)' },
  { figure: 'simulatedLatencyMs.endToEnd.p50', op: '<=', limit: 60, unit: 'ms (simulated)' },
  { figure: 'simulatedLatencyMs.produceSmall.overheadRatio', op: '<=', limit: 1.5, unit: '(simulated)' },
]

/**
 * The bars of push delivery. Only idle: per delivered record Sluice costs more than the EventBridge
 * Pipes peer at 100 records a batch as well (push.peers.eventBridgePipes.sluiceRatio), so that is
 * reported without a bar.
 */
export const PUSH_BARS: Bar[] = [
  { figure: 'push.idle.dollarsPerMonth', op: '<=', limit: 0, unit: '$/month (storage apart)' },
]

export interface BarResult extends Bar {
  value: number | undefined
  pass: boolean
}

export function checkBars(bars: readonly Bar[], lookup: (path: string) => unknown): BarResult[] {
  return bars.map((bar) => {
    const found = lookup(bar.figure)
    const value = typeof found === 'number' ? found : undefined
    const pass = value !== undefined && (bar.op === '>=' ? value >= bar.limit : value <= bar.limit)
    return { ...bar, value, pass }
  })
}
