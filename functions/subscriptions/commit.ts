import { toAppendRecords } from '../app/codec.js'
import { allows } from '../auth/grants.js'
import type { AppendRecord } from '../engine/append-types.js'
import type { ReadRecord } from '../engine/read.js'
import { SluiceError } from '../errors.js'
import type { OffsetWrite } from '../groups/group-state.js'
import { runTransaction } from '../groups/transactions.js'
import type { DeliveryProduce } from './delivery-target.js'
import type { SubscriptionDeps } from './deps.js'
import type { RunLease } from './partition-lease.js'
import type { Subscription } from './types.js'

/**
 * How a commit ended: the committed offset now, and whether the lease went with it; fenced (the run
 * lost its lease: another run goes on); or refused, with why (what the target asked to append, or the
 * dead-letter record, cannot be).
 */
export type CommitOutcome = { committed: number; released?: true } | { fenced: true } | { refused: string }

export interface CommitOptions {
  /** The partition's end offset as the batch's read found it: the lag the commit leaves is to it. */
  endOffset: number
  /**
   * At-least-once: give the lease up in the same write, the run ending with it (`settle`: it leaves no
   * delivery progress). Exactly-once commits in a transaction, and leaves the release to the run.
   */
  release?: { settle: boolean }
}

/**
 * Commits past a delivered batch, fenced by the run's lease. At-least-once: one conditional write on
 * the lease as the run holds it; the offset came from the partition's read (never past its end), so
 * it needs no check against the partition's bounds. Exactly-once: the target's `produce` appended in
 * the same transaction as the commit (docs/api.md); ALREADY_COMMITTED means an earlier run did both and
 * only its answer was lost: nothing is appended again.
 */
export async function commitDelivered(
  deps: SubscriptionDeps,
  sub: Subscription,
  partition: number,
  lease: RunLease,
  offset: number,
  produce: readonly DeliveryProduce[] | undefined,
  { endOffset, release }: CommitOptions,
): Promise<CommitOutcome> {
  if (sub.delivery === 'at-least-once') {
    const write: OffsetWrite = {
      topic: sub.topic,
      topicId: sub.topicId,
      partition,
      offset,
      fence: { memberId: sub.name, epoch: lease.epoch },
    }
    if (!(await deps.groups.commitHeld(sub.group, lease.state, write, deps.now(), release)))
      return { fenced: true }
    deps.events.consumerLag(sub.group, sub.topic, partition, Math.max(0, endOffset - offset))
    return release ? { committed: offset, released: true } : { committed: offset }
  }
  let appends: { topic: string; records: AppendRecord[] }[]
  try {
    appends = (produce ?? []).map((p) => ({
      topic: p.topic,
      records: toAppendRecords(p.records, p.encoding ?? 'utf8'),
    }))
  } catch (err) {
    if (err instanceof SluiceError) return { refused: `answer's produce: ${err.message}` }
    throw err
  }
  const forbidden = appends.find(
    ({ topic }) => sub.actingGrants && !allows(sub.actingGrants, { kind: 'topic', name: topic }, 'produce'),
  )
  if (forbidden) {
    return {
      refused: `answer's produce: the key that set this subscription may not produce to topic '${forbidden.topic}'`,
    }
  }
  return transact(deps, sub, partition, lease, offset, appends, "answer's produce refused")
}

/**
 * Appends a record that failed alone to the dead-letter topic (its key and value, its headers plus
 * the `sluice-dlq-*` ones) in ONE transaction with the commit past it: it is dead-lettered exactly once,
 * whichever run gets there and however many answers are lost.
 */
export async function deadLetter(
  deps: SubscriptionDeps,
  sub: Subscription,
  partition: number,
  lease: RunLease,
  record: ReadRecord,
  nextOffset: number,
  failure: { error: string; attempts: number },
): Promise<CommitOutcome> {
  const letter: AppendRecord = {
    key: record.key,
    value: record.value,
    timestamp: record.timestamp,
    headers: {
      ...record.headers,
      'sluice-dlq-subscription': sub.name,
      'sluice-dlq-topic': sub.topic,
      'sluice-dlq-partition': String(partition),
      'sluice-dlq-offset': String(record.offset),
      'sluice-dlq-error': failure.error,
      'sluice-dlq-attempts': String(failure.attempts),
    },
  }
  const produce = [{ topic: sub.deadLetterTopic as string, records: [letter] }]
  return transact(deps, sub, partition, lease, nextOffset, produce, 'dead-lettering failed')
}

async function transact(
  deps: SubscriptionDeps,
  sub: Subscription,
  partition: number,
  lease: RunLease,
  offset: number,
  produce: { topic: string; records: AppendRecord[] }[],
  refusal: string,
): Promise<CommitOutcome> {
  const commit = {
    group: sub.group,
    topic: sub.topic,
    memberId: sub.name,
    offsets: [{ partition, offset, epoch: lease.epoch }],
  }
  return settle(
    async () => {
      await runTransaction(deps, { produce, commit })
      return offset
    },
    (err) => {
      if (err.code === 'ALREADY_COMMITTED') return { committed: err.details.committedOffset as number }
      // The request's own fault (a topic gone, a record too large, a bad partition): the target's or
      // the dead-letter topic's to fix, not storage's.
      if (err.status < 500) return { refused: `${refusal}: ${err.message}` }
      return undefined
    },
  )
}

/** Runs a commit; FENCED ends the run, `other` may settle other refusals, the rest is thrown. */
async function settle(
  commit: () => Promise<number>,
  other: (err: SluiceError) => CommitOutcome | undefined = () => undefined,
): Promise<CommitOutcome> {
  try {
    return { committed: await commit() }
  } catch (err) {
    if (!(err instanceof SluiceError)) throw err
    if (err.code === 'FENCED') return { fenced: true }
    const settled = other(err)
    if (settled) return settled
    throw err
  }
}
