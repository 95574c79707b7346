import { fetchFromTopic } from '../engine/fetch.js'
import { offsetForTimestamp, partitionBounds } from '../engine/read.js'
import { freshTopic, knownTopic } from '../engine/topic-cache.js'
import type { TopicMeta } from '../engine/topic-meta.js'
import { SluiceError } from '../errors.js'
import { committedOffset } from '../groups/partitions.js'
import {
  type Batch,
  batchIdempotencyKey,
  deliveryEvent,
  firstOffset,
  lastOffset,
  readBatch,
} from './batch.js'
import { commitDelivered, deadLetter } from './commit.js'
import { type DeliveryAnswer, DeliveryError } from './delivery-target.js'
import type { SubscriptionDeps } from './deps.js'
import { claimPartition, keepLease, type RunLease, releasePartition } from './partition-lease.js'
import { afterFailure, currentProgress, isBlocked } from './retry-policy.js'
import { targetFor } from './target-for.js'
import type { DeliveryJob, PartitionProgress, StartAt, Subscription } from './types.js'

/** How a run ended. */
export type RunOutcome =
  /** The subscription was deleted (or created again), or its topic was. */
  | 'gone'
  | 'paused'
  /** A backoff is not over: woken again at its end. */
  | 'waiting'
  /** Another run holds the partition. */
  | 'held'
  /** On a record that failed alone, without a dead-letter topic. */
  | 'blocked'
  /** Everything there was is delivered. */
  | 'idle'
  /** A batch failed: woken again after its backoff. */
  | 'retrying'
  /** The run's time is spent: woken again at once for the rest. */
  | 'budget'
  /** The run lost its lease: another one goes on. */
  | 'fenced'

export interface DeliveryRun {
  outcome: RunOutcome
  /** Records committed as delivered by this run. */
  delivered: number
  deadLettered: number
}

export interface DeliverOptions {
  /** The time this wake was asked for: a wake asked for a backoff's end delivers, whatever the clock says. */
  wakeAt?: number
  /** @default deps.deliveryTiming.budgetMs */
  budgetMs?: number
}

/** Longest `lastError` kept (it is also a dead-letter header). */
const MAX_ERROR_LENGTH = 500

/**
 * One run of a partition's delivery (docs/api.md, Subscriptions): takes the group partition's lease,
 * then delivers batch after batch in offset order, each committed before the next is read, until
 * nothing is left, a batch fails (retried after a backoff, bisected once its attempts are spent, its
 * lone failing record dead-lettered or blocking the partition), the subscription is paused or deleted,
 * or the run's time is spent. It releases the lease, then wakes whatever comes next: a retry at its
 * time, the rest after a spent budget, or a run for records that arrived while it held the lease.
 * A run reads the topic's metadata once and holds it (`subscribedTopic`), and reads delivery progress
 * only where the last run left the partition unsettled (`claimPartition`).
 */
export async function deliverPartition(
  deps: SubscriptionDeps,
  job: DeliveryJob,
  options: DeliverOptions = {},
): Promise<DeliveryRun> {
  const run: DeliveryRun = { outcome: 'idle', delivered: 0, deadLettered: 0 }
  const started = deps.now()
  const sub = await deps.subscriptions.get(job.subscription)
  if (!sub) return { ...run, outcome: 'gone' }
  if (sub.paused) return { ...run, outcome: 'paused' }
  const [topic, current] = await Promise.all([
    subscribedTopic(deps, sub, job.partition),
    deps.groups.partition(sub.group, sub.topic, job.partition),
  ])
  if (!topic) return { ...run, outcome: 'gone' }
  const stored = current?.deliveryUnsettled
    ? await deps.subscriptions.progress(sub.id, job.partition)
    : undefined
  const committed = committedOffset(current, topic)
  const applies = committed === null ? undefined : currentProgress(stored, committed)
  const due = applies?.nextAttemptAt
  if (due !== undefined && due > started && !(options.wakeAt !== undefined && options.wakeAt >= due)) {
    // Re-armed, in case the wake for it was lost (a restart).
    await deps.waker.wake(job, due)
    return { ...run, outcome: 'waiting' }
  }
  // A blocked partition takes no lease: a reset, which a live lease would refuse, is what may unblock it.
  if (committed !== null && isBlocked(applies, sub, committed)) return { ...run, outcome: 'blocked' }
  const claim = await claimPartition(deps, sub, job.partition, current)
  if (!('lease' in claim)) {
    // Its run wakes what it must; this one only covers a run that died holding the lease.
    if (claim.heldUntil !== undefined) await deps.waker.wake(job, claim.heldUntil)
    return { ...run, outcome: 'held' }
  }
  const deadline = started + (options.budgetMs ?? deps.deliveryTiming.budgetMs)
  const runner = new PartitionRun(deps, sub, topic, job, claim.lease, stored, deadline, run)
  let next: Wake | undefined
  let ended = false
  try {
    next = (await runner.deliver()).wake
    ended = true
  } finally {
    await runner.release(ended)
  }
  if (run.outcome === 'idle') next = await runner.lookAgain()
  if (next) await deps.waker.wake(job, next.atMs)
  return run
}

/**
 * The subscription's topic as this instance knows it (the engine's topic cache), held for the whole
 * run: its reads and commits need no topic item. The cache may predate the subscription's topic
 * incarnation or partitions, so only a fresh read says they are gone. A topic deleted since it was
 * cached is read as it was for at most TOPIC_CACHE_MS: its partitions' heads, retired first, read as
 * empty, so a run finds nothing there (or fails, and is tried again later, when the topic reads gone).
 */
async function subscribedTopic(
  deps: SubscriptionDeps,
  sub: Subscription,
  partition: number,
): Promise<TopicMeta | undefined> {
  const delivers = (topic: TopicMeta | undefined): topic is TopicMeta =>
    topic?.topicId === sub.topicId && partition < topic.partitions
  const known = await knownTopic(deps, sub.topic)
  if (delivers(known)) return known
  const fresh = await freshTopic(deps, sub.topic).catch((err: unknown) => {
    if (err instanceof SluiceError && err.code === 'TOPIC_NOT_FOUND') return undefined
    throw err
  })
  return delivers(fresh) ? fresh : undefined
}

/** A wake a run asks for when it ends: at once, or at `atMs`. */
interface Wake {
  atMs?: number
}

/** How a run ended, and the wake it asks for. */
interface Ended {
  wake?: Wake
}

/** The state of one run: what it holds, where the partition stands, what it has done. */
class PartitionRun {
  /** The committed offset (the position the run delivers from). */
  private at = 0
  /** What the table holds for the partition, and what of it applies. */
  private stored: PartitionProgress | undefined
  private progress: PartitionProgress | undefined
  /** Where an idle run stood when it ended: where it looks again once the lease is released. */
  private position = 0
  /** The lease went with the run's last commit. */
  private released = false

  constructor(
    private readonly deps: SubscriptionDeps,
    public sub: Subscription,
    private readonly topic: TopicMeta,
    private readonly job: DeliveryJob,
    private readonly lease: RunLease,
    stored: PartitionProgress | undefined,
    private readonly deadline: number,
    private readonly run: DeliveryRun,
  ) {
    this.stored = stored
  }

  /** Delivers until the run ends; answers the wake it asks for, if any. */
  async deliver(): Promise<Ended> {
    const committed = committedOffset(this.lease.state, this.topic)
    this.at = committed ?? (await startOffset(this.deps, this.topic, this.job.partition, this.sub.startAt))
    for (let batches = 0; ; batches++) {
      // The config read when the run started serves its first batch; each later batch reads it again,
      // so that a pause or a deletion stops the run after the batch in flight.
      if (batches > 0) {
        const latest = await this.deps.subscriptions.get(this.sub.name)
        if (!latest || latest.id !== this.sub.id) return this.end('gone')
        if (latest.paused) return this.end('paused')
        this.sub = latest
      }
      await this.settleProgress()
      if (isBlocked(this.progress, this.sub, this.at)) return this.end('blocked')
      if (this.deps.now() >= this.deadline) return this.end('budget', {})
      if (!(await keepLease(this.deps, this.sub, this.lease))) return this.end('fenced')
      const read = await readBatch(
        this.deps,
        this.sub,
        this.topic,
        this.job.partition,
        this.at,
        this.progress,
        this.deadline,
      )
      if (!read.batch) {
        this.position = read.position
        return this.end('idle')
      }
      const ended = await this.deliverBatch(read.batch, read.endOffset)
      if (ended) return ended
    }
  }

  /**
   * Gives the lease up, unless the last commit did or it was lost; settles the partition (the next
   * run reads no progress) when the run ended leaving none: a run cut short by an error may have.
   */
  async release(ended: boolean): Promise<void> {
    if (this.released || this.run.outcome === 'fenced') return
    const settled = ended && this.stored === undefined
    await releasePartition(this.deps, this.sub, this.job.partition, this.lease, settled).catch(
      () => undefined,
    )
  }

  /**
   * After an idle run released the lease: a record appended while it held the lease found the lease
   * held, so it looks once more; offsets handed out beyond with nothing readable yet (a write in flight,
   * a hole not settled) are looked at again a little later.
   */
  async lookAgain(): Promise<Wake | undefined> {
    const { partition } = this.job
    const head = await this.deps.index.head({ topicId: this.topic.topicId, partition })
    // No offset handed out past where the run stood: nothing was appended meanwhile, nothing to read.
    if (head.next <= this.position) return undefined
    const again = await fetchFromTopic(this.deps, this.topic, partition, {
      from: this.position,
      limit: 1,
      maxBytes: 1,
      waitMs: 0,
    })
    if (again.records.length > 0) return {}
    if (head.next > again.nextOffset)
      return { atMs: this.deps.now() + this.deps.deliveryTiming.stalledRecheckMs }
    return undefined
  }

  /** Drops progress that no longer applies (the committed offset moved, a block was lifted). */
  private async settleProgress(): Promise<void> {
    let applies = currentProgress(this.stored, this.at)
    if (applies?.blockedAtRetryVersion !== undefined && !isBlocked(applies, this.sub, this.at))
      applies = undefined
    if (this.stored && !applies) {
      await this.deps.subscriptions.clearProgress(this.sub.id, this.job.partition)
      this.stored = undefined
    }
    this.progress = applies
  }

  /**
   * Delivers one batch and commits it, or handles its failure; answers how the run ends, if it does.
   * `endOffset`: the partition's end when the batch was read.
   */
  private async deliverBatch(batch: Batch, endOffset: number): Promise<Ended | undefined> {
    const tried = await this.attempt(batch)
    const failure = 'error' in tried ? tried.error : await this.commitAnswer(batch, tried.answer, endOffset)
    if (typeof failure !== 'string') return failure
    return this.failed(batch, failure.slice(0, MAX_ERROR_LENGTH))
  }

  /**
   * Commits what a successful answer says succeeded: the batch, or the records before its
   * `failedOffset`. Answers a failure's message instead when nothing could be committed. A commit
   * that reaches the end the batch's read found ends the run (idle): records appended since came with
   * wakes, which the look after the release stands in for if they found the lease held. When no
   * delivery progress is left to clear, its one write gives the lease up too.
   */
  private async commitAnswer(
    batch: Batch,
    answer: DeliveryAnswer,
    endOffset: number,
  ): Promise<Ended | undefined | string> {
    const { failedOffset, produce } = answer
    // A batch whose first record failed made no progress: a failure like any other.
    if (failedOffset !== undefined && failedOffset <= firstOffset(batch)) {
      return `target failed at offset ${failedOffset}`
    }
    const to =
      failedOffset !== undefined && failedOffset <= lastOffset(batch) ? failedOffset : batch.nextOffset
    const release = to >= endOffset && this.stored === undefined ? { settle: true } : undefined
    const outcome = await commitDelivered(this.deps, this.sub, this.job.partition, this.lease, to, produce, {
      endOffset,
      ...(release ? { release } : {}),
    })
    if ('fenced' in outcome) return this.end('fenced')
    if ('refused' in outcome) return outcome.refused
    this.run.delivered += batch.records.filter((r) => r.offset < outcome.committed).length
    this.at = Math.max(this.at, outcome.committed)
    this.released = outcome.released === true
    if (this.at < endOffset) return undefined
    // Progress the success left stale is cleared before a release says there is none.
    await this.settleProgress()
    this.position = this.at
    return this.end('idle')
  }

  private async attempt(batch: Batch): Promise<{ answer: DeliveryAnswer } | { error: string }> {
    const { partition } = this.job
    try {
      const target = await targetFor(this.deps, this.sub)
      const answer = await target.deliver({
        event: deliveryEvent(this.sub, partition, batch.records, (this.progress?.attempts ?? 0) + 1),
        idempotencyKey: batchIdempotencyKey(this.sub, partition, batch),
        timeoutMs: this.deps.deliveryTiming.targetTimeoutMs,
      })
      return { answer }
    } catch (err) {
      if (err instanceof DeliveryError) return { error: err.message }
      if (err instanceof SluiceError && err.status >= 500) throw err
      const name = err instanceof Error ? err.name : 'Error'
      return { error: `the target failed (${name})` }
    }
  }

  private async failed(batch: Batch, error: string): Promise<Ended | undefined> {
    const { deps, sub, job } = this
    const step = afterFailure(
      this.progress,
      this.at,
      job.partition,
      { size: batch.records.length, lastOffset: lastOffset(batch) },
      sub.retry,
      error,
      deps.now(),
      deps.random,
    )
    if (step.action === 'retry') {
      await this.keep(step.progress)
      return this.end('retrying', { atMs: step.progress.nextAttemptAt as number })
    }
    if (step.action === 'bisect') {
      await this.keep(step.progress)
      return undefined
    }
    const record = batch.records[0] as Batch['records'][number]
    if (sub.deadLetterTopic) {
      const letter = { error, attempts: step.progress.attempts }
      const outcome = await deadLetter(deps, sub, job.partition, this.lease, record, batch.nextOffset, letter)
      if ('fenced' in outcome) return this.end('fenced')
      if ('committed' in outcome) {
        this.run.deadLettered++
        this.at = Math.max(this.at, outcome.committed)
        // Still within the bisected range: its other records may fail too, and are bisected on.
        if (step.progress.bisectEnd !== undefined && this.at < step.progress.bisectEnd)
          await this.keep(step.progress)
        return undefined
      }
      return this.block({ ...step.progress, lastError: outcome.refused.slice(0, MAX_ERROR_LENGTH) })
    }
    return this.block(step.progress)
  }

  private async block(progress: PartitionProgress) {
    const { nextAttemptAt: _, ...rest } = progress
    await this.keep({ ...rest, offset: this.at, blockedAtRetryVersion: this.sub.retryVersion })
    return this.end('blocked')
  }

  private async keep(progress: PartitionProgress) {
    await this.deps.subscriptions.putProgress(this.sub.id, progress)
    this.stored = progress
    this.progress = progress
  }

  private end(outcome: RunOutcome, wake?: Wake): Ended {
    this.run.outcome = outcome
    return wake ? { wake } : {}
  }
}

/** Where a partition with nothing committed starts: the subscription's `startAt`, as a consumer resets. */
async function startOffset(deps: SubscriptionDeps, topic: TopicMeta, partition: number, startAt: StartAt) {
  if (typeof startAt === 'object') return offsetForTimestamp(deps, topic, partition, startAt.timestamp)
  const bounds = await partitionBounds(deps, topic, partition)
  return startAt === 'earliest' ? bounds.startOffset : bounds.endOffset
}
