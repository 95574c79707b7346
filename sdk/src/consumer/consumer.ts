import type { Executor } from '../command.js'
import { InvalidRequestError } from '../errors.js'
import type { PartitionRef } from '../types.js'
import { validateName } from '../validate.js'
import type { ConsumerEvents } from './events.js'
import { attachLeases } from './internals.js'
import type { ConsumerOptions, RunOptions, SubscribeOptions, TopicPartitionOffset } from './options.js'
import { ConsumerRunner } from './runner.js'
import { consumerSettings } from './settings.js'

/**
 * A member of a consumer group, shaped like KafkaJS's consumer. The group runs on leases (see
 * docs/consumer.md). This is the public face only: its runner joins the group, balances the leases,
 * fetches, runs the handlers and commits. Make one with `sluice.consumer(options)`.
 */
export class Consumer {
  readonly #runner: ConsumerRunner

  constructor(client: Executor, options: ConsumerOptions) {
    this.#runner = new ConsumerRunner(client, consumerSettings(options))
    attachLeases(this, this.#runner.leases)
  }

  get groupId(): string {
    return this.#runner.settings.group
  }

  /** This member's id in the group: `options.memberId`, or `<hostname>-<pid>-<random>` made up in Node. */
  get memberId(): string {
    return this.#runner.settings.memberId
  }

  /** Partitions this member consumes now. */
  assignment(): PartitionRef[] {
    return this.#runner.leases.assignment()
  }

  /** Listens to `rebalance` (partitions taken and given up) or `fenced`; returns a function that stops listening. */
  on<K extends keyof ConsumerEvents>(event: K, listener: (payload: ConsumerEvents[K]) => void): () => void {
    return this.#runner.events.on(event, listener)
  }

  /** Adds topics to consume; call before `run()`. */
  async subscribe({ topics, fromBeginning = false }: SubscribeOptions): Promise<void> {
    if (this.#runner.running) throw invalid('subscribe before run()')
    for (const topic of topics) validateName(topic)
    this.#runner.subscribe(topics, fromBeginning)
  }

  /** Joins the group, takes its first leases, and starts consuming; resolves once running. */
  async run(options: RunOptions): Promise<void> {
    if (this.#runner.running) throw invalid('the consumer is already running')
    if (this.#runner.topics.length === 0) throw invalid('subscribe to at least one topic before run()')
    if (!options.eachMessage === !options.eachBatch)
      throw invalid('give exactly one of eachMessage and eachBatch')
    await this.#runner.start(options)
  }

  /**
   * Commits offsets (each the next offset to consume). Partitions this member holds are committed
   * under their lease's epoch (`FencedError` if it has moved on); others only while no lease covers them.
   */
  commitOffsets(offsets: TopicPartitionOffset[]): Promise<void> {
    return this.#runner.leases.commitOffsets(offsets)
  }

  /** Commits what was processed, releases every lease and leaves the group. */
  stop(): Promise<void> {
    return this.#runner.stop()
  }
}

function invalid(message: string) {
  return new InvalidRequestError(message, { code: 'INVALID_REQUEST' })
}
