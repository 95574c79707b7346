import type { Executor } from '../command.js'
import { fetchMany, type PartitionFetchResult } from '../commands/fetch-many.js'
import { joinGroup, leaveGroup } from '../commands/groups.js'
import { AlreadyCommittedError, FencedError } from '../errors.js'
import { backoffMs } from '../retry.js'
import type { RetryPolicy } from '../retry-options.js'
import { sleep } from '../sleep.js'
import { Emitter } from './emitter.js'
import type { ConsumerEvents } from './events.js'
import { PartitionLeases } from './leases.js'
import { Membership } from './membership.js'
import type { RunOptions } from './options.js'
import type { OwnedPartition } from './owned-partition.js'
import type { ConsumerSettings } from './settings.js'

type FetchResult = PartitionFetchResult<string>
type Batch = Extract<FetchResult, { records: unknown }>
type Handlers = Required<Omit<RunOptions, 'eachMessage' | 'eachBatch'>> &
  Pick<RunOptions, 'eachMessage' | 'eachBatch'>

const MAX_FETCH_PARTITIONS = 100
const MAX_FETCH_BYTES = 4 * 1024 * 1024
/** Least wait before fetching again after a failure, so that `retry: false` does not make a loop spin. */
const MIN_BACKOFF_MS = 100

/**
 * What runs behind a `Consumer` (as KafkaJS's runner behind its consumer): joins the group, keeps
 * `Membership` balancing the leases, fetches the live partitions in one long-polling request, runs
 * the handlers and commits under each lease's epoch (through `PartitionLeases`).
 */
export class ConsumerRunner {
  readonly events = new Emitter<ConsumerEvents>()
  readonly leases: PartitionLeases
  readonly settings: ConsumerSettings
  readonly #client: Executor
  /** Backoff of failed fetches and handlers: the client's retry policy, with a floor. */
  readonly #backoff: Pick<RetryPolicy, 'initialMs' | 'maxMs'>
  #topics: string[] = []
  #fromBeginning = false
  #handlers: Handlers = {
    autoCommit: true,
    delivery: 'at-least-once',
    partitionsConsumedConcurrently: 1,
    eachBatchAutoResolve: true,
  }
  #membership: Membership | undefined
  #fetching: Promise<void> | undefined
  #running = false
  /** Aborts the fetch in flight so that new partitions are fetched at once. */
  #wake = new AbortController()

  constructor(client: Executor, settings: ConsumerSettings) {
    this.#client = client
    this.settings = settings
    const { initialMs, maxMs } = client.retryPolicy
    this.#backoff = {
      initialMs: Math.max(initialMs, MIN_BACKOFF_MS),
      maxMs: Math.max(maxMs, MIN_BACKOFF_MS),
    }
    this.leases = new PartitionLeases(client, settings, this.events, () => this.#wake.abort())
  }

  get running(): boolean {
    return this.#running
  }

  get topics(): readonly string[] {
    return this.#topics
  }

  subscribe(topics: string[], fromBeginning: boolean): void {
    this.#topics = [...new Set([...this.#topics, ...topics])]
    this.#fromBeginning = fromBeginning
  }

  /** Joins the group, takes its first leases, and starts fetching; resolves once running. */
  async start(options: RunOptions): Promise<void> {
    const { group, memberId, incarnation, sessionMs, leaseMs, logger } = this.settings
    this.#handlers = { ...this.#handlers, ...options }
    this.#running = true
    await this.#client.execute(joinGroup({ group, memberId, topics: this.#topics, sessionMs }))
    this.#membership = new Membership(this.#client, this.leases, {
      group,
      memberId,
      incarnation,
      topics: this.#topics,
      sessionMs,
      leaseMs,
      startFrom: this.#fromBeginning ? 'earliest' : 'latest',
      logger,
    })
    await this.#membership.start()
    this.#fetching = this.#fetchLoop()
  }

  /** Commits what was processed, releases every lease and leaves the group. */
  async stop(): Promise<void> {
    if (!this.#running) return
    this.#running = false
    this.#wake.abort()
    await this.#membership?.stop()
    await this.#fetching
    const released = await this.leases.releaseAll()
    try {
      await this.#client.execute(leaveGroup(this.settings.group, this.settings.memberId))
    } catch (error) {
      this.settings.logger.warn('leaving the group failed; its leases will expire', { error: String(error) })
    }
    this.events.emit('rebalance', {
      assigned: [],
      revoked: released.map((ref) => ({ ...ref, reason: 'released' })),
    })
  }

  async #fetchLoop(): Promise<void> {
    const { idlePollMs, maxWaitMs, logger } = this.settings
    let failures = 0
    let idle = false
    while (this.#running) {
      if (idle && idlePollMs > 0) {
        this.#wake = new AbortController()
        await sleep(idlePollMs, this.#wake.signal)
      }
      const now = Date.now()
      const live = this.leases.live()
      const ready = live.filter((p) => p.retryAt <= now)
      const nextRetry = Math.min(...live.filter((p) => p.retryAt > now).map((p) => p.retryAt))
      this.#wake = new AbortController()
      if (ready.length === 0) {
        await sleep(Math.min(this.#membership?.renewEveryMs ?? 1000, nextRetry - now), this.#wake.signal)
        continue
      }
      const waitMs = idlePollMs > 0 ? 0 : Math.max(0, Math.min(maxWaitMs, nextRetry - now))
      let results: FetchResult[]
      try {
        results = await this.#fetch(ready, waitMs, this.#wake.signal)
        failures = 0
      } catch (error) {
        if (this.#wake.signal.aborted) continue
        failures++
        logger.warn('fetch failed; retrying', { error: String(error) })
        await sleep(backoffMs(this.#backoff, failures), this.#wake.signal)
        continue
      }
      const work: Array<{ lease: OwnedPartition; batch: Batch }> = []
      for (const result of results) {
        const lease = ready.find((p) => p.topic === result.topic && p.partition === result.partition)
        if (!lease?.live) continue
        if ('error' in result) this.#outOfRange(lease, result.error)
        else if (result.records.length === 0) lease.position = result.nextOffset
        else work.push({ lease, batch: result })
      }
      idle = work.length === 0
      await inParallel(work, this.#handlers.partitionsConsumedConcurrently, ({ lease, batch }) => {
        lease.busy = this.#process(lease, batch).finally(() => {
          lease.busy = undefined
        })
        return lease.busy
      })
    }
  }

  /** One long-poll over up to 100 partitions; more take several requests, the first answer with records ending the rest. */
  async #fetch(ready: OwnedPartition[], waitMs: number, signal: AbortSignal): Promise<FetchResult[]> {
    const chunks: OwnedPartition[][] = []
    for (let i = 0; i < ready.length; i += MAX_FETCH_PARTITIONS)
      chunks.push(ready.slice(i, i + MAX_FETCH_PARTITIONS))
    const answered = new AbortController()
    const both = AbortSignal.any([signal, answered.signal])
    const parts = await Promise.all(
      chunks.map(async (chunk) => {
        try {
          const results = await this.#client.execute(
            fetchMany({
              partitions: chunk.map((p) => ({ topic: p.topic, partition: p.partition, offset: p.position })),
              limit: this.settings.maxRecordsPerPartition,
              maxBytes: MAX_FETCH_BYTES,
              waitMs,
            }),
            { signal: both },
          )
          if (results.some((r) => 'records' in r && r.records.length > 0)) answered.abort()
          return results
        } catch (error) {
          if (answered.signal.aborted && !signal.aborted) return []
          throw error
        }
      }),
    )
    return parts.flat()
  }

  #outOfRange(lease: OwnedPartition, error: { code: string; message: string }): void {
    const { logger } = this.settings
    if (error.code !== 'OFFSET_OUT_OF_RANGE') {
      logger.warn('fetch of a partition failed', { ...lease.ref, error: error.message })
      return
    }
    const to = this.#fromBeginning ? 'earliest' : 'latest'
    logger.warn(`offset ${String(lease.position)} is out of range; resetting to ${to}`, {
      ...lease.ref,
      ...error,
    })
    lease.position = to
  }

  async #process(lease: OwnedPartition, batch: Batch): Promise<void> {
    const { autoCommit, delivery } = this.#handlers
    const atMostOnce = delivery === 'at-most-once'
    if (atMostOnce && autoCommit && !(await this.leases.commit(lease, batch.nextOffset))) return
    const failedAt = this.#handlers.eachBatch
      ? await this.#processBatch(lease, batch)
      : await this.#processMessages(lease, batch, atMostOnce)
    if (failedAt === 'stopped') return
    if (failedAt === undefined) {
      lease.processed = batch.nextOffset
      lease.position = batch.nextOffset
      lease.failures = 0
    } else if (typeof failedAt === 'object') {
      // A batch only partly resolved (the rest comes again), or inputs committed already: no backoff.
      lease.position = failedAt.resumeAt
    } else {
      lease.position = failedAt
      lease.failures++
      lease.retryAt = Date.now() + backoffMs(this.#backoff, lease.failures)
    }
    if (autoCommit && !atMostOnce && lease.processed !== null)
      await this.leases.commit(lease, lease.processed)
  }

  /**
   * Runs `eachMessage` in order; answers the offset of a failed message, where to resume past inputs
   * committed already, `stopped`, or undefined when all succeeded.
   */
  async #processMessages(lease: OwnedPartition, batch: Batch, atMostOnce: boolean) {
    const eachMessage = this.#handlers.eachMessage as NonNullable<RunOptions['eachMessage']>
    for (const message of batch.records) {
      if (!lease.live || !this.#running) return 'stopped'
      try {
        await eachMessage({ topic: lease.topic, partition: lease.partition, message })
      } catch (error) {
        const failure = this.#handlerFailed(lease, error, message.offset)
        if (failure === 'stopped' || typeof failure === 'object') return failure
        if (!atMostOnce) return message.offset
      }
      lease.processed = message.offset + 1
    }
    return undefined
  }

  async #processBatch(lease: OwnedPartition, batch: Batch) {
    const eachBatch = this.#handlers.eachBatch as NonNullable<RunOptions['eachBatch']>
    const first = batch.records[0]?.offset ?? batch.nextOffset
    let resolved = first
    try {
      await eachBatch({
        topic: lease.topic,
        partition: lease.partition,
        messages: batch.records,
        nextOffset: batch.nextOffset,
        resolveOffset: (offset) => {
          resolved = Math.max(resolved, offset + 1)
          lease.processed = resolved
        },
        isStale: () => !lease.live || !this.#running,
      })
    } catch (error) {
      const failure = this.#handlerFailed(lease, error, resolved)
      if (failure === 'stopped') return 'stopped'
      if (typeof failure === 'object') return { resumeAt: Math.max(failure.resumeAt, resolved) }
      return this.#handlers.delivery === 'at-most-once' ? undefined : resolved
    }
    if (!this.#handlers.eachBatchAutoResolve && resolved < batch.nextOffset) return { resumeAt: resolved }
    return undefined
  }

  /**
   * What a handler's failure means for its partition: fenced (stop), a transaction refused because this
   * partition's inputs were committed already (resume where the group committed: an earlier run of the
   * handler went through, its answer lost), or a failure to retry after a backoff.
   */
  #handlerFailed(
    lease: OwnedPartition,
    error: unknown,
    offset: number,
  ): 'stopped' | 'retry' | { resumeAt: number } {
    const { logger } = this.settings
    if (error instanceof FencedError) {
      this.leases.fenced(lease)
      return 'stopped'
    }
    if (!lease.live) return 'stopped'
    const named = error instanceof AlreadyCommittedError && this.leases.leaseNamedBy(error) === lease
    const committed = named ? error.committedOffset : undefined
    if (committed !== undefined) {
      lease.committed = Math.max(lease.committed ?? 0, committed)
      logger.info('inputs committed already by an earlier transaction; resuming after them', {
        ...lease.ref,
        offset: lease.committed,
      })
      return { resumeAt: lease.committed }
    }
    logger.error('handler failed; committing what was processed and retrying after a backoff', {
      ...lease.ref,
      offset,
      error: String(error),
    })
    return 'retry'
  }
}

async function inParallel<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  const worker = async () => {
    while (next < items.length) await work(items[next++] as T)
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker))
}
