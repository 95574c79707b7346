import type { Executor } from '../command.js'
import type { WireRecord } from '../commands/records.js'
import { runTransaction, type TransactionBody } from '../commands/transactions.js'
import { toBase64, utf8Bytes } from '../encoding.js'
import { FencedError, InvalidRequestError } from '../errors.js'
import { hex, randomHex } from '../ids.js'
import type { Data, Message, RecordMetadata } from '../types.js'
import { validateMessage, validateName } from '../validate.js'
import { leasesOf } from './internals.js'
import type { PartitionLeases } from './leases.js'
import type { TransactionInput } from './options.js'

/**
 * Appends and commits all or nothing (`POST /v1/transactions`). Every try of one logical transaction
 * carries one Idempotency-Key, so a transaction whose answer was lost is never applied twice: not by
 * the client's retries, nor by the handler run again for the same input (see `idempotencyKey`). A
 * refused commit drops the partition from the consumer (FencedError), or, when its inputs were
 * committed already (AlreadyCommittedError), makes the consumer resume after them.
 */
export async function transaction(client: Executor, input: TransactionInput): Promise<RecordMetadata[]> {
  const body: TransactionBody = { produce: (input.produce ?? []).map(encodeTopic) }
  const commit = input.commit && { ...input.commit, leases: leasesOf(input.commit.consumer) }
  if (commit) body.commit = fencedCommit(commit)
  try {
    const result = await client.execute(runTransaction(body, await idempotencyKey(body)))
    commit?.leases.committed(commit.offsets)
    return result.produce.flatMap(({ topic, records }) => records.map((r) => ({ topic, ...r })))
  } catch (error) {
    if (commit && body.commit) commit.leases.transactionFailed(error, body.commit.topic)
    throw error
  }
}

/**
 * The Idempotency-Key of a transaction. One that commits offsets is named by its body: the same
 * offsets under the same lease epochs with the same output is the same transaction, however often a
 * handler runs it, so a run after a lost answer replays the first answer instead of appending again.
 * (Its commit could not hold twice anyway: the service refuses a commit that does not move an offset
 * forward, ALREADY_COMMITTED, which is what a run with a different output gets.) One that commits
 * nothing has no such identity: a key of its own, shared by its retries.
 */
async function idempotencyKey(body: TransactionBody): Promise<string> {
  if (!body.commit) return randomHex(16)
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(JSON.stringify(body)))
  return `txn-${hex(new Uint8Array(digest))}`
}

function fencedCommit({
  consumer,
  offsets,
  leases,
}: NonNullable<TransactionInput['commit']> & { leases: PartitionLeases }): TransactionBody['commit'] {
  const topics = new Set(offsets.map((o) => o.topic))
  const topic = offsets[0]?.topic
  if (topic === undefined || topics.size > 1) {
    throw new InvalidRequestError('a transaction commits offsets of exactly one topic', {
      code: 'INVALID_REQUEST',
    })
  }
  return {
    group: consumer.groupId,
    topic,
    memberId: consumer.memberId,
    offsets: offsets.map(({ partition, offset }) => {
      const epoch = leases.epochOf(topic, partition)
      if (epoch === undefined) {
        throw new FencedError(`this member does not hold ${topic}/${partition}`, {
          code: 'FENCED',
          topic,
          partition,
        })
      }
      return { partition, offset, epoch }
    }),
  }
}

function encodeTopic({ topic, messages }: { topic: string; messages: Message[] }) {
  validateName(topic)
  for (const message of messages) validateMessage(topic, message, Number.MAX_SAFE_INTEGER)
  const binary = messages.some((m) => m.key instanceof Uint8Array || m.value instanceof Uint8Array)
  const encode = (data: Data | null | undefined): string | null => {
    if (data === null || data === undefined) return null
    if (!binary) return data as string
    return toBase64(typeof data === 'string' ? utf8Bytes(data) : data)
  }
  const records = messages.map((m): WireRecord => {
    const record: WireRecord = { value: encode(m.value) }
    const key = encode(m.key)
    if (key !== null) record.key = key
    if (m.headers) record.headers = m.headers
    if (m.partition !== undefined) record.partition = m.partition
    if (m.timestamp !== undefined) record.timestamp = m.timestamp
    return record
  })
  return binary ? { topic, records, encoding: 'base64' as const } : { topic, records }
}
