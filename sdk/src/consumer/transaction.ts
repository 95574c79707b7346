import type { Sluice } from '../client.js'
import type { WireRecord } from '../commands/records.js'
import { runTransaction, type TransactionBody } from '../commands/transactions.js'
import { toBase64, utf8Bytes } from '../encoding.js'
import { FencedError, InvalidRequestError } from '../errors.js'
import type { Data, Message, RecordMetadata } from '../types.js'
import { validateMessage, validateName } from '../validate.js'
import type { Consumer } from './consumer.js'

export interface TransactionInput {
  /** Messages to append, to any topics (partitioned by the service: Kafka's murmur2 for keys). */
  produce?: Array<{ topic: string; messages: Message[] }>
  /**
   * Offsets to commit for the consumer's group (each the next offset to consume), all of one topic,
   * under the leases the consumer holds: if any has moved on, nothing of the transaction happens.
   */
  commit?: { consumer: Consumer; offsets: Array<{ topic: string; partition: number; offset: number }> }
}

/**
 * Appends and commits all or nothing (`POST /v1/transactions`). Every try of one logical transaction
 * carries one Idempotency-Key, so a transaction whose answer was lost is never applied twice: not by
 * the client's retries, nor by the handler run again for the same input (see `idempotencyKey`). A
 * refused commit drops the partition from the consumer (FencedError), or, when its inputs were
 * committed already (AlreadyCommittedError), makes the consumer resume after them.
 */
export async function transaction(client: Sluice, input: TransactionInput): Promise<RecordMetadata[]> {
  const body: TransactionBody = { produce: (input.produce ?? []).map(encodeTopic) }
  const { commit } = input
  if (commit) body.commit = fencedCommit(commit)
  try {
    const result = await client.execute(runTransaction(body, await idempotencyKey(body)))
    if (commit) commit.consumer.committed(commit.offsets)
    return result.produce.flatMap(({ topic, records }) => records.map((r) => ({ topic, ...r })))
  } catch (error) {
    if (commit && body.commit) commit.consumer.transactionFailed(error, body.commit.topic)
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
  if (!body.commit) return crypto.randomUUID()
  const digest = new Uint8Array(
    await crypto.subtle.digest('SHA-256', new TextEncoder().encode(JSON.stringify(body))),
  )
  return `txn-${Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('')}`
}

function fencedCommit({
  consumer,
  offsets,
}: NonNullable<TransactionInput['commit']>): TransactionBody['commit'] {
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
      const lease = consumer.leaseOf(topic, partition)
      if (!lease) {
        throw new FencedError(`this member does not hold ${topic}/${partition}`, {
          code: 'FENCED',
          topic,
          partition,
        })
      }
      return { partition, offset, epoch: lease.epoch }
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
