import { sleep } from '../../sdk/src/sleep.js'
import type { Outcome, SendOp, SentRecord } from '../history.js'
import { type Answer, errorOf, outcomeOf, type ServiceClient } from '../http.js'
import type { Random } from '../random.js'
import type { Recorder } from '../recorder.js'

export interface ProducerConfig {
  process: string
  topic: string
  partitions: number
  /** Most records in an ordinary request. */
  maxRecords: number
  /** Share of requests that carry an Idempotency-Key (and are retried under it). */
  idempotentShare: number
  /** Share of requests that are large, and their size range. */
  largeShare: number
  largeRecords: readonly [number, number]
  /** Pause between one send's completion and the next send, at most. */
  thinkMs: number
}

/** Attempts of one idempotent send: the first and up to this many retries under the same key. */
const IDEMPOTENT_RETRIES = 4
/** Keys of keyed requests: few enough that keys repeat and spread over every partition. */
const KEYS = 64

type Shape = 'keyed' | 'multiPartition' | 'onePartition' | 'unkeyed'
const SHAPES: readonly Shape[] = [
  'keyed',
  'keyed',
  'multiPartition',
  'multiPartition',
  'onePartition',
  'unkeyed',
]

/**
 * One producer process: sends one request at a time (each after the previous completed), with values
 * unique in the run, and records each as a SendOp. An idempotent send that got no answer, or a
 * retriable error, is retried with the same key and body; its attempts are one SendOp.
 */
export async function runProducer(
  config: ProducerConfig,
  client: ServiceClient,
  random: Random,
  history: Recorder,
  signal: AbortSignal,
): Promise<void> {
  for (let seq = 0; !signal.aborted; seq++) {
    const records = draw(config, random, seq)
    const idempotencyKey = random.chance(config.idempotentShare) ? `${config.process}-${seq}` : undefined
    history.add(await send(config, client, records, idempotencyKey))
    await sleep(random.int(0, config.thinkMs), signal)
  }
}

async function send(
  config: ProducerConfig,
  client: ServiceClient,
  records: SentRecord[],
  idempotencyKey: string | undefined,
): Promise<SendOp> {
  const body = {
    records: records.map((r) => ({
      value: r.value,
      ...(r.key !== null ? { key: r.key } : {}),
      ...(r.partition !== undefined ? { partition: r.partition } : {}),
    })),
  }
  const path = `/v1/topics/${config.topic}/records`
  const headers: Record<string, string> = idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}
  const invokedAt = Date.now()
  const outcomes: Outcome[] = []
  let answer: Answer
  for (let attempt = 0; ; attempt++) {
    answer = await client.request('POST', path, { body, headers })
    outcomes.push(outcomeOf(answer))
    if (!idempotencyKey || attempt >= IDEMPOTENT_RETRIES || !retriable(answer)) break
    await sleep(200 * 2 ** attempt)
  }
  const placed = outcomes.includes('ok') ? positions(answer, records.length) : undefined
  // A 200 that does not say where every record went acknowledged something unknown.
  const outcome = placed === null ? 'info' : combined(outcomes)
  const op: SendOp = {
    type: 'send',
    process: config.process,
    topic: config.topic,
    records,
    outcome,
    invokedAt,
    completedAt: Date.now(),
  }
  if (idempotencyKey) op.idempotencyKey = idempotencyKey
  if (placed) op.records = records.map((r, i) => ({ ...r, ...placed[i] }))
  else
    op.error = placed === null ? 'a 200 without a position for every record' : (errorOf(answer) ?? 'unknown')
  return op
}

type Position = { partition: number; offset: number }

/** The positions a 200 answer gives, one per record in request order; null when it does not. */
function positions(answer: Answer, count: number): Position[] | null {
  const body = (answer.kind === 'answer' ? answer.body : undefined) as { records?: unknown } | undefined
  const placed = Array.isArray(body?.records) ? (body.records as Position[]) : []
  if (
    placed.length !== count ||
    !placed.every((p) => Number.isInteger(p?.partition) && Number.isInteger(p?.offset))
  )
    return null
  return placed.map(({ partition, offset }) => ({ partition, offset }))
}

/** Whether trying the same idempotent send again can help: no answer, throttled, unavailable, internal. */
function retriable(answer: Answer): boolean {
  if (answer.kind === 'none') return true
  return answer.status === 429 || answer.status >= 500
}

/** One send of several attempts happened if any attempt did; it may have if any attempt may have. */
function combined(outcomes: readonly Outcome[]): Outcome {
  if (outcomes.includes('ok')) return 'ok'
  if (outcomes.includes('info')) return 'info'
  return 'fail'
}

function draw(config: ProducerConfig, random: Random, seq: number): SentRecord[] {
  const large = random.chance(config.largeShare)
  const count = large ? random.int(...config.largeRecords) : random.int(1, config.maxRecords)
  const shape = large ? random.pick<Shape>(['keyed', 'multiPartition']) : random.pick(SHAPES)
  const partition = random.int(0, config.partitions - 1)
  return Array.from({ length: count }, (_, i): SentRecord => {
    const value = `${config.process}:${seq}:${i}`
    switch (shape) {
      case 'keyed':
        return { value, key: `k${random.int(0, KEYS - 1)}` }
      case 'multiPartition':
        return { value, key: null, partition: random.int(0, config.partitions - 1) }
      case 'onePartition':
        return { value, key: null, partition }
      default:
        return { value, key: null }
    }
  })
}
