import type { Executor } from './command.js'
import { describeTopic } from './commands/topics.js'

interface Entry {
  partitions: Promise<number>
  /** Set once `partitions` has resolved, so a fresh entry can be read without waiting. */
  known?: number
  loadedAt: number
}

/**
 * Partition counts of topics, fetched once (`GET /v1/topics/{topic}`) and kept for `maxAgeMs`
 * (KafkaJS's `metadataMaxAge`), or until `invalidate` after an error that suggests they changed.
 */
export class PartitionCounts {
  readonly #client: Executor
  readonly #maxAgeMs: number
  readonly #entries = new Map<string, Entry>()

  constructor(client: Executor, maxAgeMs: number) {
    this.#client = client
    this.#maxAgeMs = maxAgeMs
  }

  /** The count if it is known and fresh, without waiting. */
  known(topic: string): number | undefined {
    const entry = this.#entries.get(topic)
    return entry && Date.now() - entry.loadedAt < this.#maxAgeMs ? entry.known : undefined
  }

  load(topic: string): Promise<number> {
    const entry = this.#entries.get(topic)
    if (entry && (entry.known === undefined || Date.now() - entry.loadedAt < this.#maxAgeMs)) {
      return entry.partitions
    }
    const loading: Entry = { partitions: Promise.resolve(0), loadedAt: Date.now() }
    loading.partitions = this.#client.execute(describeTopic(topic)).then(
      (described) => {
        loading.known = described.partitions
        loading.loadedAt = Date.now()
        return described.partitions
      },
      (error: unknown) => {
        if (this.#entries.get(topic) === loading) this.#entries.delete(topic)
        throw error
      },
    )
    this.#entries.set(topic, loading)
    return loading.partitions
  }

  invalidate(topic: string): void {
    this.#entries.delete(topic)
  }
}
