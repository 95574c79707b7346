import { sleep } from '../../sdk/src/sleep.js'
import type { PolledRecord, PollOp } from '../history.js'
import { errorOf, outcomeOf, type ServiceClient } from '../http.js'
import type { Random } from '../random.js'
import type { Recorder } from '../recorder.js'

export interface TailerConfig {
  process: string
  /** Every partition of these topics is tailed. */
  topics: ReadonlyArray<{ name: string; partitions: number }>
  /** Records per fetch, and how long a fetch waits for new ones. */
  limit: number
  waitMs: number
  /** The consumer restarts after a random time in this range, from an earlier position. */
  restartEveryMs: readonly [number, number]
}

/**
 * A tailing consumer: one fetch loop per partition, each fetch starting where the last answer's
 * nextOffset said. Every fetch is a PollOp. Now and then it restarts (as after a crash with an older
 * checkpoint): its loops stop, it seeks each partition back a little or to 0, and records AssignOps.
 */
export class Tailer {
  /** Where each partition's next fetch starts, by `topic/partition`. */
  readonly positions = new Map<string, number>()
  /** Set for the final catch-up: no more restarts, so that positions only move forward. */
  #settling = false

  constructor(
    private readonly config: TailerConfig,
    private readonly client: ServiceClient,
    private readonly random: Random,
    private readonly history: Recorder,
  ) {
    for (const topic of config.topics)
      for (let p = 0; p < topic.partitions; p++) this.positions.set(`${topic.name}/${p}`, 0)
  }

  async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      this.#assign()
      const until = Date.now() + this.random.int(...this.config.restartEveryMs)
      const loops = this.config.topics.flatMap((topic) =>
        Array.from({ length: topic.partitions }, (_, p) => this.#tail(topic.name, p, until, signal)),
      )
      await Promise.all(loops)
      if (this.#settling) continue
      for (const [at, position] of this.positions) {
        this.positions.set(at, this.random.chance(0.2) ? 0 : Math.max(0, position - this.random.int(0, 500)))
      }
    }
  }

  settle(): void {
    this.#settling = true
  }

  /** Whether every partition's position has reached the given end offsets (by `topic/partition`). */
  caughtUp(endOffsets: ReadonlyMap<string, number>): boolean {
    for (const [key, end] of endOffsets) if ((this.positions.get(key) ?? 0) < end) return false
    return true
  }

  #assign(): void {
    for (const topic of this.config.topics) {
      const partitions = Array.from({ length: topic.partitions }, (_, p) => p)
      this.history.add({
        type: 'assign',
        process: this.config.process,
        topic: topic.name,
        partitions,
        at: Date.now(),
      })
    }
  }

  async #tail(topic: string, partition: number, until: number, signal: AbortSignal): Promise<void> {
    const at = `${topic}/${partition}`
    while (!signal.aborted && (this.#settling || Date.now() < until)) {
      const fromOffset = this.positions.get(at) ?? 0
      const invokedAt = Date.now()
      const { limit, waitMs } = this.config
      const answer = await this.client.request(
        'GET',
        `/v1/topics/${topic}/partitions/${partition}/records?offset=${fromOffset}&limit=${limit}&waitMs=${waitMs}`,
        { extraTimeoutMs: waitMs },
      )
      const op: PollOp = {
        type: 'poll',
        process: this.config.process,
        topic,
        partition,
        fromOffset,
        records: [],
        outcome: outcomeOf(answer),
        invokedAt,
        completedAt: Date.now(),
      }
      if (op.outcome === 'ok' && answer.kind === 'answer') {
        const body = answer.body as { records: Array<PolledRecord>; nextOffset: number }
        op.records = body.records.map(({ offset, value, key }) => ({ offset, value, key }))
        op.nextOffset = body.nextOffset
        this.positions.set(at, body.nextOffset)
      } else {
        op.error = errorOf(answer) ?? 'unknown'
      }
      this.history.add(op)
      if (op.outcome !== 'ok') await sleep(this.random.int(100, 500), signal)
    }
  }
}
