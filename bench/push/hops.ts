import { LatencyModel, latencyModelFile } from '../support/latency-model.js'

const STREAM = 'dynamodb.streamToLambda'
/** Spreads the poll phases evenly over the interval, the same at every run (a golden-ratio sequence). */
const GOLDEN = (Math.sqrt(5) - 1) / 2

/**
 * The AWS hops of a push delivery that no local stand-in runs, sampled from the latency model
 * (bench/inputs/aws-latency-model.json): the table's stream to the push function, a warm invoke by the
 * event source mapping, and the push function's async invoke of itself. Every sample is kept by hop.
 * They draw from a seeded sampler of their own: the engine's calls draw more or fewer samples from the
 * shared one from run to run (a hedge fires or not), which would reshuffle the hops' samples.
 */
export class ModelledHops {
  readonly samples = {
    streamToLambda: [] as number[],
    warmInvoke: [] as number[],
    asyncInvoke: [] as number[],
  }
  private readonly pollIntervalMs: number
  private readonly latency: LatencyModel
  private polls = 0

  constructor(seed: number) {
    this.latency = new LatencyModel(seed)
    const op = latencyModelFile().data.operations[STREAM] as { pollIntervalMs?: number } | undefined
    if (typeof op?.pollIntervalMs !== 'number')
      throw new Error(`the latency model has no ${STREAM}.pollIntervalMs`)
    this.pollIntervalMs = op.pollIntervalMs
  }

  /**
   * From the index entry's write to the push function holding its stream record: the wait for the
   * event source mapping's next poll (a record lands at any point of the poll cycle: uniform over the
   * interval) plus the record's way through the stream, GetRecords and the filter.
   */
  streamToLambda(): number {
    const phase = (this.polls++ * GOLDEN) % 1
    return this.keep(this.samples.streamToLambda, phase * this.pollIntervalMs + this.latency.sample(STREAM))
  }

  /** The event source mapping's synchronous invoke of the (warm) push function. */
  warmInvoke(): number {
    return this.keep(this.samples.warmInvoke, this.latency.sample('lambda.warmInvoke'))
  }

  /** An async invoke (InvocationType Event) until the handler runs on a warm instance. */
  asyncInvoke(): number {
    return this.keep(this.samples.asyncInvoke, this.latency.sample('lambda.asyncInvoke'))
  }

  private keep(samples: number[], ms: number): number {
    samples.push(ms)
    return ms
  }
}
