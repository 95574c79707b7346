import type { Command } from '../command.js'
import { fromBase64 } from '../encoding.js'
import type { Data, FetchedRecord } from '../types.js'

export interface PartitionPosition {
  topic: string
  partition: number
  /**
   * Where to start: an offset, `earliest` or `latest`.
   *
   * @default 'earliest'
   */
  offset?: number | 'earliest' | 'latest'
}

export interface FetchManyInput<TEncoding extends 'utf8' | 'base64'> {
  /** 1..100 partitions, of any topics. */
  partitions: PartitionPosition[]
  /**
   * Records per partition, 1..10,000.
   *
   * @default 1_000 (the service's)
   */
  limit?: number
  /**
   * Bytes for the whole answer, shared evenly between the partitions.
   *
   * @default 1 MiB (the service's)
   */
  maxBytes?: number
  /**
   * With nothing to return on any partition, wait this long for a record on any, in ms (0..20,000).
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

/** One partition's part of a multi-partition fetch: records, or its own error (e.g. OFFSET_OUT_OF_RANGE). */
export type PartitionFetchResult<TData extends Data> =
  | {
      topic: string
      partition: number
      records: FetchedRecord<TData>[]
      nextOffset: number
      startOffset: number
      endOffset: number
    }
  | {
      topic: string
      partition: number
      error: { code: string; message: string; retriable: boolean; [detail: string]: unknown }
    }

type DataFor<TEncoding> = TEncoding extends 'base64' ? Uint8Array : string

/** Fetches several partitions in one request, long-polling across them (`POST /v1/fetch`, docs/api.md). */
export function fetchMany<TEncoding extends 'utf8' | 'base64' = 'utf8'>(
  input: FetchManyInput<TEncoding>,
): Command<PartitionFetchResult<DataFor<TEncoding>>[]> {
  return {
    request: {
      method: 'POST',
      path: '/v1/fetch',
      // The wait (at most 20 s) fits inside the transport's request timeout (default 30 s).
      body: JSON.stringify(input),
    },
    context: {},
    parse: (response) => {
      const { partitions } = response.body as { partitions: PartitionFetchResult<string>[] }
      if (input.encoding !== 'base64') return partitions as PartitionFetchResult<DataFor<TEncoding>>[]
      const decode = (text: string | null) => (text === null ? null : fromBase64(text))
      return partitions.map((p) =>
        'error' in p
          ? p
          : { ...p, records: p.records.map((r) => ({ ...r, key: decode(r.key), value: decode(r.value) })) },
      ) as PartitionFetchResult<DataFor<TEncoding>>[]
    },
  }
}
