import type { Command } from '../command.js'
import { fromBase64 } from '../encoding.js'
import type { Data, FetchedRecord } from '../types.js'
import { segment } from './segment.js'

/** A record as the produce endpoint takes it; key and value already in the request's encoding. */
export interface WireRecord {
  key?: string | null
  value: string | null
  headers?: Record<string, string>
  partition?: number
  timestamp?: number
}

export interface ProduceBody {
  records: WireRecord[]
  encoding?: 'utf8' | 'base64'
}

export interface ProducedRecord {
  partition: number
  offset: number
  timestamp: number
}

export interface ProduceInput {
  topic: string
  body: ProduceBody
  /**
   * Makes retries of this request append at most once.
   *
   * @default none: a retry after a lost answer may append again
   */
  idempotencyKey?: string
  /**
   * The partition errors apply to, when the request writes one partition.
   *
   * @default none
   */
  partition?: number
}

export function produceRecords(input: ProduceInput): Command<ProducedRecord[]> {
  return {
    request: {
      method: 'POST',
      path: `/v1/topics/${segment(input.topic)}/records`,
      body: JSON.stringify(input.body),
      ...(input.idempotencyKey ? { headers: { 'idempotency-key': input.idempotencyKey } } : {}),
    },
    context: { topic: input.topic, ...(input.partition === undefined ? {} : { partition: input.partition }) },
    parse: (response) => (response.body as { records: ProducedRecord[] }).records,
  }
}

export interface FetchInput<TEncoding extends 'utf8' | 'base64'> {
  topic: string
  partition: number
  /**
   * Where to start: an offset, `earliest` or `latest`.
   *
   * @default 'earliest'
   */
  offset?: number | 'earliest' | 'latest'
  /**
   * Instead of `offset`: start at the first record with a timestamp at or after this.
   *
   * @default none
   */
  timestamp?: number
  /**
   * Most records to return, 1..10,000.
   *
   * @default 1_000 (the service's)
   */
  limit?: number
  /**
   * Most bytes to return, up to 4 MiB.
   *
   * @default 1 MiB (the service's)
   */
  maxBytes?: number
  /**
   * With nothing to return yet, wait this long for a record, in ms (0..20,000).
   *
   * @default 0
   */
  waitMs?: number
  /**
   * `utf8` returns strings; `base64` returns keys and values as `Uint8Array`.
   *
   * @default 'utf8'
   */
  encoding?: TEncoding
}

export interface FetchResult<TData extends Data> {
  records: FetchedRecord<TData>[]
  /** Where the next fetch starts. */
  nextOffset: number
  startOffset: number
  endOffset: number
}

type DataFor<TEncoding> = TEncoding extends 'base64' ? Uint8Array : string

export function fetchRecords<TEncoding extends 'utf8' | 'base64' = 'utf8'>(
  input: FetchInput<TEncoding>,
): Command<FetchResult<DataFor<TEncoding>>> {
  const { topic, partition, ...query } = input
  return {
    request: {
      method: 'GET',
      path: `/v1/topics/${segment(topic)}/partitions/${segment(partition)}/records`,
      query,
    },
    context: { topic, partition },
    parse: (response) => {
      const result = response.body as FetchResult<string>
      if (input.encoding !== 'base64') return result as FetchResult<DataFor<TEncoding>>
      const decode = (text: string | null) => (text === null ? null : fromBase64(text))
      const records = result.records.map((record) => ({
        ...record,
        key: decode(record.key),
        value: decode(record.value),
      }))
      return { ...result, records } as FetchResult<DataFor<TEncoding>>
    },
  }
}
