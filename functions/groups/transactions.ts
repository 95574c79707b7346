import { type AppendRecord, type AppendResult, appendTransaction } from '../engine/append.js'
import type { EngineDeps } from '../engine/deps.js'
import { invalidRequest } from '../errors.js'
import { EntryConflictError } from '../storage/log-index.js'
import { GROUP_LIMITS } from './limits.js'
import { commitWrites, fencedCommit } from './offsets.js'

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
 * transaction. The commit is fenced by the lease epochs it carries; if any fence fails, nothing is
 * appended (the reserved offsets become skip markers: gaps, never records).
 */
export async function runTransaction(
  deps: EngineDeps,
  request: TransactionRequest,
  idempotency?: { key: string; bodyHash: string },
): Promise<TransactionResult> {
  const { commit } = request
  if (request.produce.length === 0 && !commit) throw invalidRequest('a transaction needs produce or commit')
  const writes = commit ? await commitWrites(deps, commit) : []
  const now = deps.now()
  const commitItems = commit ? writes.map((w) => deps.groups.commitItem(commit.group, w, now)) : []
  try {
    const results = await appendTransaction(deps, request.produce, {
      extraItems: commitItems,
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
    return { produce: results.map((r, i) => ({ topic: request.produce[i]?.topic as string, ...r })) }
  } catch (err) {
    const failed = err instanceof EntryConflictError ? err.failedExtraItem : undefined
    if (commit && failed !== undefined && failed < writes.length) {
      throw fencedCommit(commit.group, writes[failed] as (typeof writes)[number])
    }
    throw err
  }
}
