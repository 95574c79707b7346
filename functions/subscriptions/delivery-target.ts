import type { Encoding, ProduceRecordBody } from '../app/schemas.js'

/** A record as a delivery carries it: key and value in the event's `encoding` (docs/api.md). */
export interface DeliveryRecord {
  offset: number
  timestamp: number
  key: string | null
  value: string | null
  headers: Record<string, string>
}

/** The JSON body of a delivery (docs/api.md, Subscriptions): consecutive records of one partition. */
export interface DeliveryEvent {
  subscription: string
  topic: string
  partition: number
  /** 1 on a batch's first delivery, counting up on each retry of it. */
  attempt: number
  encoding: Encoding
  records: DeliveryRecord[]
}

export interface DeliveryRequest {
  event: DeliveryEvent
  /** `<subscription>/<partition>/<first offset>-<last offset>`: the same on every retry of the batch. */
  idempotencyKey: string
  /** How long the target has to answer before the attempt fails. */
  timeoutMs: number
}

/** Records an exactly-once target asks to append with the batch's commit, as a produce request has them. */
export interface DeliveryProduce {
  topic: string
  records: ProduceRecordBody[]
  encoding?: Encoding
}

/** What a target answered: its 2xx body parsed (may be empty), `failedOffset` and `produce` read from it. */
export interface DeliveryAnswer {
  /** The records before it succeeded; delivery resumes at it. */
  failedOffset?: number
  produce?: DeliveryProduce[]
}

/**
 * A failed delivery. `message` becomes the partition's `lastError` and a dead-lettered record's
 * `sluice-dlq-error` header: short, never a secret, never the whole answer body.
 */
export class DeliveryError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'DeliveryError'
  }
}

/** Where a batch goes. One implementation per target type: webhook (fetch), lambda (AWS SDK Lambda client). */
export interface DeliveryTarget {
  /** Delivers one batch; resolves with the target's answer or rejects with a DeliveryError. */
  deliver(request: DeliveryRequest): Promise<DeliveryAnswer>
}
