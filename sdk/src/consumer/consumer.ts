import type { Sluice } from '../client.js'
import { fetchMany, type PartitionFetchResult } from '../commands/fetch-many.js'
import { commitGroupOffsets, joinGroup, leaveGroup } from '../commands/groups.js'
import { AlreadyCommittedError, FencedError, InvalidRequestError, type SluiceError } from '../errors.js'
import { validateName } from '../validate.js'
import { type PartitionRef, partitionKey } from './assignment.js'
import { type ConsumerEvents, Emitter, type RevokeReason } from './events.js'
import { Membership } from './membership.js'
import type { ConsumerLogger, ConsumerOptions, RunOptions, SubscribeOptions } from './options.js'
import type { OwnedPartition } from './owned-partition.js'

type FetchResult = PartitionFetchResult<string>
type Batch = Extract<FetchResult, { records: unknown }>

const MAX_FETCH_PARTITIONS = 100
const MAX_FETCH_BYTES = 4 * 1024 * 1024

/**
 * A member of a consumer group, shaped like KafkaJS's consumer. The group runs on leases (see
 * docs/consumer.md): `Membership` keeps and balances this member's leases; the consumer fetches its
 * partitions in one long-polling request, runs the handlers, and commits with each lease's epoch.
 */
export class Consumer {
  readonly #client: Sluice
  readonly #events = new Emitter<ConsumerEvents>()
  readonly #group: string
  readonly #memberId: string
  /** This consumer's process of the member: a restarted member's leases fence its earlier process. */
  readonly #incarnation = crypto.randomUUID()
  readonly #sessionMs: number
  readonly #leaseMs: number
  readonly #maxWaitMs: number
  readonly #idlePollMs: number
  readonly #limit: number
  readonly #logger: ConsumerLogger
  /** Leases held (and being handed over), by `topic/partition`. */
  readonly owned = new Map<string, OwnedPartition>()
  #topics: string[] = []
  #fromBeginning = false
  #run: Required<Omit<RunOptions, 'eachMessage' | 'eachBatch'>> &
    Pick<RunOptions, 'eachMessage' | 'eachBatch'>
  #membership: Membership | undefined
  #fetching: Promise<void> | undefined
  #running = false
  /** Aborts the fetch in flight so that new partitions are fetched at once. */
  #wake = new AbortController()
  /** Commits and drops in progress, awaited by `stop()`. */
  readonly #settling = new Set<Promise<void>>()

  constructor(client: Sluice, options: ConsumerOptions) {
    validateName(options.groupId, 'group')
    this.#client = client
    this.#group = options.groupId
    this.#memberId = options.memberId ?? crypto.randomUUID()
    validateName(this.#memberId, 'member')
    this.#leaseMs = options.leaseMs ?? 10_000
    this.#sessionMs = options.sessionMs ?? this.#leaseMs
    this.#maxWaitMs = options.maxWaitMs ?? 5_000
    this.#idlePollMs = options.idlePollMs ?? 1_000
    this.#limit = options.maxRecordsPerPartition ?? 1_000
    this.#logger = options.logger ?? console
    this.#run = {
      autoCommit: true,
      delivery: 'at-least-once',
      partitionsConsumedConcurrently: 1,
      eachBatchAutoResolve: true,
    }
  }

  get groupId(): string {
    return this.#group
  }

  get memberId(): string {
    return this.#memberId
  }

  /** Partitions this member consumes now. */
  assignment(): PartitionRef[] {
    return [...this.owned.values()].filter((p) => p.stopped === undefined).map((p) => p.ref)
  }

  on<K extends keyof ConsumerEvents>(event: K, listener: (payload: ConsumerEvents[K]) => void): () => void {
    return this.#events.on(event, listener)
  }

  async subscribe({ topics, fromBeginning = false }: SubscribeOptions): Promise<void> {
    if (this.#running) throw invalid('subscribe before run()')
    for (const topic of topics) validateName(topic)
    this.#topics = [...new Set([...this.#topics, ...topics])]
    this.#fromBeginning = fromBeginning
  }

  /** Joins the group, takes its first leases, and starts consuming; resolves once running. */
  async run(options: RunOptions): Promise<void> {
    if (this.#running) throw invalid('the consumer is already running')
    if (this.#topics.length === 0) throw invalid('subscribe to at least one topic before run()')
    if (!options.eachMessage === !options.eachBatch)
      throw invalid('give exactly one of eachMessage and eachBatch')
    this.#run = { ...this.#run, ...options }
    this.#running = true
    await this.#client.execute(
      joinGroup({
        group: this.#group,
        memberId: this.#memberId,
        topics: this.#topics,
        sessionMs: this.#sessionMs,
      }),
    )
    this.#membership = new Membership(this.#client, this, {
      group: this.#group,
      memberId: this.#memberId,
      incarnation: this.#incarnation,
      topics: this.#topics,
      sessionMs: this.#sessionMs,
      leaseMs: this.#leaseMs,
      startFrom: this.#fromBeginning ? 'earliest' : 'latest',
      logger: this.#logger,
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
    const held = [...this.owned.values()]
    await Promise.all(held.map((p) => this.revoke(p, 'released')))
    await Promise.all([...this.#settling])
    try {
      await this.#client.execute(leaveGroup(this.#group, this.#memberId))
    } catch (error) {
      this.#logger.warn('leaving the group failed; its leases will expire', { error: String(error) })
    }
    this.#events.emit('rebalance', {
      assigned: [],
      revoked: held.map((p) => ({ ...p.ref, reason: 'released' })),
    })
  }

  /**
   * Commits offsets (each the next offset to consume). Partitions this member holds are committed
   * under their lease's epoch (`FencedError` if it has moved on); others only while no lease covers them.
   */
  async commitOffsets(offsets: Array<{ topic: string; partition: number; offset: number }>): Promise<void> {
    const byTopic = new Map<string, typeof offsets>()
    for (const o of offsets) byTopic.set(o.topic, [...(byTopic.get(o.topic) ?? []), o])
    await Promise.all(
      [...byTopic].map(async ([topic, list]) => {
        const leased = list.map((o) => ({ ...o, lease: this.owned.get(partitionKey(o)) }))
        try {
          await this.#client.execute(
            commitGroupOffsets({
              group: this.#group,
              topic,
              memberId: this.#memberId,
              offsets: leased.map(({ partition, offset, lease }) => ({
                partition,
                offset,
                ...(lease ? { epoch: lease.epoch } : {}),
              })),
            }),
          )
        } catch (error) {
          this.#fencedBy(error, topic)
          throw error
        }
        for (const { offset, lease } of leased) if (lease) lease.committed = offset
      }),
    )
  }

  /** The lease this member holds on a partition and still consumes, for a transaction's fenced commit. */
  leaseOf(topic: string, partition: number): { memberId: string; epoch: number } | undefined {
    const lease = this.owned.get(partitionKey({ topic, partition }))
    return lease?.stopped === undefined && lease
      ? { memberId: this.#memberId, epoch: lease.epoch }
      : undefined
  }

  /** Records offsets committed elsewhere (by a transaction) under the current leases. */
  committed(offsets: Array<{ topic: string; partition: number; offset: number }>): void {
    for (const o of offsets) {
      const lease = this.owned.get(partitionKey(o))
      if (lease) lease.committed = Math.max(lease.committed ?? 0, o.offset)
    }
  }

  /** Drops the partition a FENCED error names (a commit or transaction of this member was refused). */
  #fencedBy(error: unknown, topic: string): void {
    if (!(error instanceof FencedError)) return
    const lease = this.#leaseNamedBy(error, topic)
    if (lease) this.fenced(lease)
  }

  /** The lease held on the partition an error names (of a request on `topic`, by default the error's). */
  #leaseNamedBy(error: SluiceError, topic = error.topic): OwnedPartition | undefined {
    const partition = error.partition ?? error.details.partition
    return topic !== undefined && typeof partition === 'number'
      ? this.owned.get(partitionKey({ topic, partition }))
      : undefined
  }

  /** Reports a refused transaction: drops the partition its FENCED error names. */
  transactionFailed(error: unknown, topic: string): void {
    this.#fencedBy(error, topic)
  }

  /** A commit under this lease was refused: a newer owner holds the partition; stop consuming it. */
  fenced(lease: OwnedPartition): void {
    if (lease.fenced) return
    lease.fenced = true
    this.#logger.warn('fenced: another member holds the partition now; it is dropped', { ...lease.ref })
    this.#events.emit('fenced', { ...lease.ref, epoch: lease.epoch })
    const wasLive = lease.stopped === undefined
    void this.revoke(lease, 'fenced')
    if (wasLive) this.rebalanced([], [{ ...lease.ref, reason: 'fenced' }])
  }

  // --- MembershipHost ---

  revoke(lease: OwnedPartition, reason: RevokeReason): Promise<void> {
    lease.stopped ??= reason
    const key = partitionKey(lease)
    // A lease handed over stays listed (and renewed) until its last commit is in; a lost one goes now.
    if (reason !== 'released' && this.owned.get(key) === lease) this.owned.delete(key)
    const settle = (async () => {
      await lease.busy
      if (reason !== 'lost' && reason !== 'fenced' && lease.processed !== null) {
        await this.#commit(lease, lease.processed)
      }
      if (this.owned.get(key) === lease) this.owned.delete(key)
    })()
    this.#settling.add(settle)
    return settle.finally(() => this.#settling.delete(settle))
  }

  assigned(): void {
    this.#wake.abort()
  }

  rebalanced(assigned: PartitionRef[], revoked: Array<PartitionRef & { reason: RevokeReason }>): void {
    if (assigned.length > 0 || revoked.length > 0) this.#events.emit('rebalance', { assigned, revoked })
  }

  // --- fetching and processing ---

  async #fetchLoop(): Promise<void> {
    let failures = 0
    let idle = false
    while (this.#running) {
      if (idle && this.#idlePollMs > 0) {
        this.#wake = new AbortController()
        await sleep(this.#idlePollMs, this.#wake.signal)
      }
      const now = Date.now()
      const live = [...this.owned.values()].filter((p) => p.live)
      const ready = live.filter((p) => p.retryAt <= now)
      const nextRetry = Math.min(...live.filter((p) => p.retryAt > now).map((p) => p.retryAt))
      this.#wake = new AbortController()
      if (ready.length === 0) {
        await sleep(Math.min(this.#membership?.renewEveryMs ?? 1000, nextRetry - now), this.#wake.signal)
        continue
      }
      const waitMs = this.#idlePollMs > 0 ? 0 : Math.max(0, Math.min(this.#maxWaitMs, nextRetry - now))
      let results: FetchResult[]
      try {
        results = await this.#fetch(ready, waitMs, this.#wake.signal)
        failures = 0
      } catch (error) {
        if (this.#wake.signal.aborted) continue
        failures++
        this.#logger.warn('fetch failed; retrying', { error: String(error) })
        await sleep(backoffMs(this.#client, failures), this.#wake.signal)
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
      await inParallel(work, this.#run.partitionsConsumedConcurrently, ({ lease, batch }) => {
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
              limit: this.#limit,
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
    if (error.code !== 'OFFSET_OUT_OF_RANGE') {
      this.#logger.warn('fetch of a partition failed', { ...lease.ref, error: error.message })
      return
    }
    const to = this.#fromBeginning ? 'earliest' : 'latest'
    this.#logger.warn(`offset ${String(lease.position)} is out of range; resetting to ${to}`, {
      ...lease.ref,
      ...error,
    })
    lease.position = to
  }

  async #process(lease: OwnedPartition, batch: Batch): Promise<void> {
    const { autoCommit, delivery } = this.#run
    const atMostOnce = delivery === 'at-most-once'
    if (atMostOnce && autoCommit && !(await this.#commit(lease, batch.nextOffset))) return
    const failedAt = this.#run.eachBatch
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
      lease.retryAt = Date.now() + backoffMs(this.#client, lease.failures)
    }
    if (autoCommit && !atMostOnce && lease.processed !== null) await this.#commit(lease, lease.processed)
  }

  /**
   * Runs `eachMessage` in order; answers the offset of a failed message, where to resume past inputs
   * committed already, `stopped`, or undefined when all succeeded.
   */
  async #processMessages(lease: OwnedPartition, batch: Batch, atMostOnce: boolean) {
    const eachMessage = this.#run.eachMessage as NonNullable<RunOptions['eachMessage']>
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
    const eachBatch = this.#run.eachBatch as NonNullable<RunOptions['eachBatch']>
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
      return this.#run.delivery === 'at-most-once' ? undefined : resolved
    }
    if (!this.#run.eachBatchAutoResolve && resolved < batch.nextOffset) return { resumeAt: resolved }
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
    if (error instanceof FencedError) {
      this.fenced(lease)
      return 'stopped'
    }
    if (!lease.live) return 'stopped'
    const named = error instanceof AlreadyCommittedError && this.#leaseNamedBy(error) === lease
    const committed = named ? error.committedOffset : undefined
    if (committed !== undefined) {
      lease.committed = Math.max(lease.committed ?? 0, committed)
      this.#logger.info('inputs committed already by an earlier transaction; resuming after them', {
        ...lease.ref,
        offset: lease.committed,
      })
      return { resumeAt: lease.committed }
    }
    this.#logger.error('handler failed; committing what was processed and retrying after a backoff', {
      ...lease.ref,
      offset,
      error: String(error),
    })
    return 'retry'
  }

  /** Commits under the lease's epoch; a refusal (FENCED) drops the partition. */
  async #commit(lease: OwnedPartition, offset: number): Promise<boolean> {
    if (lease.committed !== null && offset <= lease.committed) return true
    try {
      await this.#client.execute(
        commitGroupOffsets({
          group: this.#group,
          topic: lease.topic,
          memberId: this.#memberId,
          offsets: [{ partition: lease.partition, offset, epoch: lease.epoch }],
        }),
      )
      lease.committed = offset
      return true
    } catch (error) {
      if (error instanceof FencedError) this.fenced(lease)
      else this.#logger.warn('commit failed', { ...lease.ref, offset, error: String(error) })
      return false
    }
  }
}

function invalid(message: string) {
  return new InvalidRequestError(message, { code: 'INVALID_REQUEST' })
}

function backoffMs(client: Sluice, failures: number): number {
  const { initialMs, maxMs } = client.retryPolicy
  return Math.min(Math.max(initialMs, 100) * 2 ** (failures - 1), Math.max(maxMs, 100))
}

/** Resolves after `ms` or when `signal` aborts, whichever is first. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve()
    const timer = setTimeout(done, Math.max(0, ms))
    function done() {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      resolve()
    }
    signal.addEventListener('abort', done, { once: true })
  })
}

async function inParallel<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  const worker = async () => {
    while (next < items.length) await work(items[next++] as T)
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker))
}
