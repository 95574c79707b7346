/**
 * What a subscription's target receives and may answer (docs/api.md, Subscriptions): the body of a
 * webhook's POST, the event of a Lambda invoke. For targets: `import type { DeliveryEvent } from '@sluice/sdk'`.
 */
import type { WireRecord } from './commands/records.js'

/** A delivered record: key and value as text in the event's `encoding` (base64 text for bytes). */
export interface DeliveryRecord {
  offset: number
  timestamp: number
  key: string | null
  /** `null` is a tombstone. */
  value: string | null
  headers: Record<string, string>
}

/** One delivery: consecutive records of one partition, in offset order. */
export interface DeliveryEvent {
  subscription: string
  topic: string
  partition: number
  /** 1 on a batch's first delivery, counting up on each retry of the same batch. */
  attempt: number
  /** `utf8` when every key and value is UTF-8 text; else `base64`, and each is base64 of its bytes. */
  encoding: 'utf8' | 'base64'
  records: DeliveryRecord[]
}

/** Records an exactly-once target asks to append with its batch's commit, as a produce request has them. */
export interface DeliveryProduce {
  topic: string
  records: WireRecord[]
  /** @default 'utf8' */
  encoding?: 'utf8' | 'base64'
}

/**
 * What a target may answer: a webhook's 2xx JSON body, a Lambda function's return value. Nothing (an
 * empty body, `undefined`) means every record succeeded. Other fields are ignored.
 */
export interface DeliveryAnswer {
  /** The records before this offset succeeded; delivery resumes at it (and retries it). */
  failedOffset?: number
  /** Exactly-once subscriptions only: appended in one transaction with the batch's commit, exactly once. */
  produce?: DeliveryProduce[]
}
