import { appendTransaction } from '../engine/append.js'
import type { AppendRecord, AppendResult } from '../engine/append-types.js'
import { invalidRequest, SluiceError } from '../errors.js'
import { type CommitItems, GroupConditionError } from '../storage/group-store.js'
import { EntryConflictError } from '../storage/log-index.js'
import type { GroupDeps } from './deps.js'
import type { OffsetWrite } from './group-state.js'
import { isLeaseLive } from './lease-liveness.js'
import { GROUP_LIMITS } from './limits.js'
import { commitWrites, fencedCommit, reportLag } from './offsets.js'

export interface TransactionRequest {
  produce: { topic: string; records: AppendRecord[] }[]
  commit?: {
    group: string
    topic: string
    memberId: string
    offsets: { partition: number; offset: number; epoch: number }[]
  }
}

export interface TransactionResult {
  produce: ({ topic: string } & AppendResult)[]
}

/**
 * Read-process-write, exactly once: append to any topics and move a group's offsets in one DynamoDB
 * transaction. The commit is fenced by the lease epochs it carries, and must move each offset forward:
 * a commit at or behind the committed offset means its inputs were processed already (a retry whose
 * first answer was lost), so the transaction is refused (409 ALREADY_COMMITTED) rather than applied
 * twice. If any condition fails, nothing is appended (the reserved offsets become skip markers: gaps,
 * never records).
 */
export async function runTransaction(
  deps: GroupDeps,
  request: TransactionRequest,
  idempotency?: { key: string; bodyHash: string },
): Promise<TransactionResult> {
  const { commit } = request
  if (request.produce.length === 0 && !commit) throw invalidRequest('a transaction needs produce or commit')
  const plan = commit ? await commitWrites(deps, commit) : undefined
  const writes = plan?.writes ?? []
  const now = deps.now()
  let guarded: CommitItems = { items: [], writeIndex: [] }
  try {
    if (commit) guarded = await deps.groups.commitItems(commit.group, writes, now, { mustAdvance: true })
  } catch (err) {
    if (commit && err instanceof GroupConditionError)
      throw fencedCommit(commit.group, writes[err.index] as OffsetWrite)
    throw err
  }
  try {
    const results = await appendTransaction(deps, request.produce, {
      extraItems: guarded.items,
      // An Idempotency-Key is unique per group (or among transactions that commit nothing).
      ...(idempotency ? { idempotency: { scope: `txn#${commit?.group ?? ''}`, ...idempotency } } : {}),
      checkPartitions: (produced) => {
        const touched = produced + writes.length
        if (touched > GROUP_LIMITS.maxTransactionPartitions) {
          throw invalidRequest(
            `a transaction may touch at most ${GROUP_LIMITS.maxTransactionPartitions} partitions; this one touches ${touched}`,
          )
        }
      },
    })
    if (commit && plan) reportLag(deps, commit.group, plan)
    return { produce: results.map((r, i) => ({ topic: request.produce[i]?.topic as string, ...r })) }
  } catch (err) {
    const failed = err instanceof EntryConflictError ? err.failedExtraItem : undefined
    if (commit && failed !== undefined && failed < guarded.items.length) {
      throw await refusedCommit(
        deps,
        commit.group,
        writes[guarded.writeIndex[failed] as number] as OffsetWrite,
      )
    }
    throw err
  }
}

/**
 * Why a transaction's commit did not hold, read back from the partition: its lease is still live at
 * that epoch but the offset is not ahead of the committed one (ALREADY_COMMITTED, with the committed
 * offset, where the consumer resumes), or the lease moved on or ended (FENCED).
 */
async function refusedCommit(deps: GroupDeps, group: string, write: OffsetWrite): Promise<SluiceError> {
  const { fence } = write
  if (fence === 'no-live-lease') return fencedCommit(group, write)
  const [state, owner] = await Promise.all([
    deps.groups.partition(group, write.topic, write.partition),
    deps.groups.member(group, fence.memberId),
  ])
  const held =
    state?.owner === fence.memberId &&
    state.epoch === fence.epoch &&
    state.leaseTopicId === write.topicId &&
    isLeaseLive(state, owner ? [owner] : [], deps.now())
  const committed = state?.offsetTopicId === write.topicId ? state.offset : undefined
  if (!held || committed === undefined || write.offset > committed) return fencedCommit(group, write)
  const { topic, partition } = write
  return new SluiceError(
    'ALREADY_COMMITTED',
    `${topic}/${partition} is committed at ${committed} already: offset ${write.offset} does not move it forward, its inputs were processed`,
    { group, topic, partition, committedOffset: committed },
  )
}
