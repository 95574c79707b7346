import type { History, PollOp } from '../history.js'
import { type FinalPartition, type Observations, partitionKey } from './observations.js'
import type { AnomalyCase, Findings } from './types.js'

/** Skipped offsets listed in one case; the note gives the count. */
const SKIPPED_SHOWN = 10

/** Where one consumer stands in one partition: past the last offset it read, and where it continues. */
interface Position {
  lastOffset: number | undefined
  next: number
}

/**
 * pollSkip and nonmonotonicPoll (Jepsen's poll-skip and nonmonotonic-poll), per consumer process and
 * partition, from one assignment to the next. An assignment of a topic forgets the process's positions
 * in all that topic's partitions: a new owner starts from the committed offset, a seek anywhere.
 *
 * Only ok polls count: a failed or unanswered fetch moves nothing, and its consumer fetches again.
 * Txns' input reads are judged by the txn checks instead: a txn worker rewinds to the committed offset
 * whenever a txn aborts.
 *
 * nonmonotonicPoll: a record at or below the last offset this consumer read (the previous record of the
 * same poll, or of its previous poll). One case per poll.
 *
 * pollSkip (the contract: a reader never skips a record that is, or will become, readable below the
 * offset it moves past): the poll covers [where the consumer stood, where it continues). The consumer
 * stood at the previous poll's nextOffset (or its fromOffset if this is the first poll since the
 * assignment), and continues at this poll's nextOffset (or one past its last record, or its fromOffset).
 * Every record the final read holds in that range must be among the poll's records. Offsets the final
 * read holds no record at are legal gaps (aborted txns, holes filled with skip markers). One case per poll.
 */
export function checkPolls(history: History, obs: Observations): Findings {
  const pollSkip: AnomalyCase[] = []
  const nonmonotonicPoll: AnomalyCase[] = []
  const positions = new Map<string, Map<string, Map<number, Position>>>()
  const positionsOf = (process: string, topic: string) => {
    const byTopic = positions.get(process) ?? new Map<string, Map<number, Position>>()
    positions.set(process, byTopic)
    const byPartition = byTopic.get(topic) ?? new Map<number, Position>()
    byTopic.set(topic, byPartition)
    return byPartition
  }

  for (const op of history.ops) {
    if (op.type === 'assign') positions.get(op.process)?.delete(op.topic)
    if (op.type !== 'poll' || op.outcome !== 'ok') continue
    const byPartition = positionsOf(op.process, op.topic)
    const before = byPartition.get(op.partition)
    const where = { process: op.process, topic: op.topic, partition: op.partition }

    const backwards = firstBackwardStep(op, before?.lastOffset)
    if (backwards) nonmonotonicPoll.push({ ...where, offsets: backwards })

    const last = op.records.at(-1)?.offset
    const next = op.nextOffset ?? (last === undefined ? op.fromOffset : last + 1)
    const final = obs.finals.get(partitionKey(op.topic, op.partition))
    if (final) {
      const skipped = unreadRecords(final, op, before?.next ?? op.fromOffset, next)
      if (skipped.length > 0) {
        pollSkip.push({
          ...where,
          offsets: skipped.slice(0, SKIPPED_SHOWN),
          note: `${skipped.length} skipped; fetched from ${op.fromOffset}, continued at ${next}`,
        })
      }
    }
    byPartition.set(op.partition, { lastOffset: last ?? before?.lastOffset, next })
  }
  return { pollSkip, nonmonotonicPoll }
}

/** The first pair [earlier, later] of offsets this poll read out of order, counting the last one read before it. */
function firstBackwardStep(op: PollOp, lastOffset: number | undefined): [number, number] | undefined {
  let previous = lastOffset
  for (const { offset } of op.records) {
    if (previous !== undefined && offset <= previous) return [previous, offset]
    previous = offset
  }
  return undefined
}

/** Offsets in [from, to) where the final read holds a record and the poll returned none. */
function unreadRecords(final: FinalPartition, op: PollOp, from: number, to: number): number[] {
  const returned = new Set(op.records.map((r) => r.offset))
  const skipped: number[] = []
  for (let i = firstAtOrAfter(final.records, from); i < final.records.length; i++) {
    const offset = final.records[i]?.offset
    if (offset === undefined || offset >= to) break
    if (!returned.has(offset)) skipped.push(offset)
  }
  return skipped
}

/** Index of the first record at or after `offset`, in records sorted by offset. */
function firstAtOrAfter(records: readonly { offset: number }[], offset: number): number {
  let low = 0
  let high = records.length
  while (low < high) {
    const mid = (low + high) >>> 1
    if ((records[mid]?.offset ?? Number.POSITIVE_INFINITY) < offset) low = mid + 1
    else high = mid
  }
  return low
}
