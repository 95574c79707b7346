import type { Command } from '../command.js'
import type { ProducedRecord, WireRecord } from './records.js'

export interface TransactionBody {
  produce: Array<{ topic: string; records: WireRecord[]; encoding?: 'utf8' | 'base64' }>
  commit?: {
    group: string
    topic: string
    memberId: string
    offsets: Array<{ partition: number; offset: number; epoch: number }>
  }
}

export interface TransactionResult {
  produce: Array<{ topic: string; records: ProducedRecord[] }>
}

/**
 * Appends to any topics and commits a group's offsets, all or nothing (`POST /v1/transactions`).
 * With an `idempotencyKey`, a retry of the same body answers the first result and appends nothing.
 */
export function runTransaction(body: TransactionBody, idempotencyKey?: string): Command<TransactionResult> {
  return {
    request: {
      method: 'POST',
      path: '/v1/transactions',
      body: JSON.stringify(body),
      ...(idempotencyKey ? { headers: { 'idempotency-key': idempotencyKey } } : {}),
    },
    context: body.commit ? { topic: body.commit.topic } : {},
    parse: (response) => response.body as TransactionResult,
  }
}
