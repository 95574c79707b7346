import { describeTopic, type FetchInput, fetchRecords } from '@sluice/sdk'
import { client } from '../../api/connection.js'
import { type BrowsedRecord, lostBytes, type ShownRecord, showRecord } from '../../lib/records.js'

/** Where a page starts: an offset, `earliest`, or the first record at or after a timestamp. */
export type PagePosition = { offset: number | 'earliest' } | { timestamp: number }

export interface RecordPage {
  partition: number
  records: ShownRecord[]
  /** Where this page was read from: its first record's offset, or the offset asked when it is empty. */
  from: number
  nextOffset: number
  startOffset: number
  endOffset: number
}

interface FetchOptions {
  limit: number
  waitMs?: number
  signal?: AbortSignal
}

/**
 * Reads a page of a partition. It is read as text first; when the service had to replace bytes that
 * are not UTF-8 (U+FFFD), the same page is read again as base64, so that bytes show as they are.
 */
export async function fetchPage(
  topic: string,
  partition: number,
  position: PagePosition,
  { limit, waitMs, signal }: FetchOptions,
): Promise<RecordPage> {
  const sluice = client()
  const input: FetchInput<'utf8'> = { topic, partition, limit, ...position, ...(waitMs ? { waitMs } : {}) }
  const text = await sluice.execute(fetchRecords(input), { signal })
  let records: BrowsedRecord[] = text.records
  let result: { nextOffset: number; startOffset: number; endOffset: number } = text
  if (lostBytes(records)) {
    // Read from where the text page started, so that both answers cover the same records.
    const at = text.records[0]?.offset ?? ('offset' in position ? position.offset : text.nextOffset)
    const bytes = await sluice.execute(
      fetchRecords({ topic, partition, limit, offset: at, encoding: 'base64' }),
      { signal },
    )
    records = bytes.records
    result = bytes
  }
  const asked =
    'offset' in position && typeof position.offset === 'number' ? position.offset : result.nextOffset
  return {
    partition,
    records: records.map((r) => showRecord(partition, r)),
    from: records[0]?.offset ?? asked,
    nextOffset: result.nextOffset,
    startOffset: result.startOffset,
    endOffset: result.endOffset,
  }
}

/** Where the last `limit` records of the partition start. */
export async function lastPagePosition(
  topic: string,
  partition: number,
  limit: number,
): Promise<PagePosition> {
  const described = await client().execute(describeTopic(topic))
  const offsets = described.offsets.find((p) => p.partition === partition)
  if (!offsets) return { offset: 'earliest' }
  return { offset: Math.max(offsets.startOffset, offsets.endOffset - limit) }
}
