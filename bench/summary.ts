import type { BarResult } from './bars.js'
import { lookup, type Results } from './results.js'

const fmt = (v: unknown): string => {
  if (typeof v !== 'number') return v === undefined ? '-' : String(v)
  if (v !== 0 && Math.abs(v) < 0.01) return v.toPrecision(3)
  return v.toLocaleString('en-US', { maximumFractionDigits: 3 })
}

function table(title: string, rows: [string, unknown][]): string {
  const width = Math.max(...rows.map(([k]) => k.length))
  return [`${title}`, ...rows.map(([k, v]) => `  ${k.padEnd(width)}  ${fmt(v)}`)].join('\n')
}

/** A readable summary of the core figures, the bars marked pass/fail, and every other module's bar verdicts. */
export function formatSummary(results: Results, bars: BarResult[]): string {
  const at = (path: string) => lookup(results, path)
  const sections = [
    table('Contention (DynamoDB Local, one partition)', [
      ['raw conditional PutItem/s (32 callers)', at('contention.rawConditionalPutsPerSec')],
      ['appends/s, 1 producer', at('contention.appendsPerSec.1')],
      ['appends/s, 8 producers', at('contention.appendsPerSec.8')],
      ['appends/s, 32 producers', at('contention.appendsPerSec.32')],
      ['ratio32', at('contention.ratio32')],
    ]),
    table(
      'Throughput through HTTP, locally (1 KB records)',
      ['batch1', 'batch10', 'batch100', 'batch1000'].map((b) => [
        `${b}: records/s | MiB/s`,
        `${fmt(at(`throughput.${b}.recordsPerSec`))} | ${fmt(at(`throughput.${b}.mbPerSec`))}`,
      ]),
    ),
    table('Cost (AWS list prices: DynamoDB, S3, Lambda | with the HTTP API front door)', [
      ...['batch1', 'batch1Idempotent'].map((b): [string, string] => [
        `$ per million records, ${b}`,
        `${fmt(at(`cost.usdPerMillionRecords.${b}`))} | ${fmt(at(`cost.withHttpApi.usdPerMillionRecords.${b}`))}`,
      ]),
      ...['batch100', 'batch1000'].map((b): [string, string] => [
        `$ per GB, ${b}`,
        `${fmt(at(`cost.usdPerGB.${b}`))} | ${fmt(at(`cost.withHttpApi.usdPerGB.${b}`))}`,
      ]),
      ['$ per month idle', at('cost.idleUsdPerMonth')],
      [
        'Kinesis on demand: $/GB | $/month per stream',
        `${fmt(at('cost.peers.kinesisOnDemand.usdPerGB'))} | ${fmt(at('cost.peers.kinesisOnDemand.fixedUsdPerMonth'))}`,
      ],
      [
        'MSK Serverless: $/GB | $/month per cluster',
        `${fmt(at('cost.peers.mskServerless.usdPerGB'))} | ${fmt(at('cost.peers.mskServerless.fixedUsdPerMonth'))}`,
      ],
    ]),
    table(
      'Latency, SIMULATED from the latency model (not measured in AWS): p50 | p99 ms',
      ['produceSmall', 'produceLarge', 'fetch', 'endToEnd'].map((name) => [
        name,
        `${fmt(at(`simulatedLatencyMs.${name}.p50`))} | ${fmt(at(`simulatedLatencyMs.${name}.p99`))}`,
      ]),
    ),
    [
      'Bars',
      ...bars.map(
        (b) =>
          `  ${b.pass ? 'PASS' : 'FAIL'}  ${b.figure} = ${fmt(b.value)} ${b.unit} (bar ${b.op} ${b.limit})`,
      ),
    ].join('\n'),
  ]
  const otherVerdicts = Object.entries(results)
    .map(([name]) => [name, lookup(results, `${name}.barsMet`)] as const)
    .filter(([, met]) => typeof met === 'boolean')
    .map(
      ([name, met]) =>
        `  ${met ? 'PASS' : 'FAIL'}  ${name}.barsMet${met ? '' : `: ${fmt(JSON.stringify(lookup(results, `${name}.breaches`)))}`}`,
    )
  if (otherVerdicts.length > 0) sections.push(['Other modules', ...otherVerdicts].join('\n'))
  sections.push(
    'Latency figures are SIMULATED: the latency model (bench/inputs) injected into the AWS SDK clients, not measured in AWS.',
  )
  return sections.join('\n\n')
}
