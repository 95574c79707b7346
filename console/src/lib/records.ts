import { decodeText, plainText, REPLACEMENT_CHARACTER, type Shown, show, toBase64 } from './record-view.js'

/** A fetched record, its key and value as fetched: text (utf8) or bytes (base64). */
export interface BrowsedRecord {
  offset: number
  timestamp: number
  key: string | Uint8Array | null
  value: string | Uint8Array | null
  headers: Record<string, string>
}

/** A record with its key and value as shown. */
export interface ShownRecord {
  partition: number
  offset: number
  timestamp: number
  key: Shown
  value: Shown
  headers: Record<string, string>
  /** As fetched, for copying. */
  raw: BrowsedRecord
}

export const showRecord = (partition: number, record: BrowsedRecord): ShownRecord => ({
  raw: record,
  partition,
  offset: record.offset,
  timestamp: record.timestamp,
  key: show(record.key),
  value: show(record.value),
  headers: record.headers,
})

/**
 * Whether a utf8 answer lost bytes: the service answers bytes that are not UTF-8 with U+FFFD, so such
 * a page is fetched again as base64 to show the bytes themselves.
 */
export const lostBytes = (records: readonly BrowsedRecord[]): boolean =>
  records.some(
    (r) =>
      (typeof r.key === 'string' && r.key.includes(REPLACEMENT_CHARACTER)) ||
      (typeof r.value === 'string' && r.value.includes(REPLACEMENT_CHARACTER)),
  )

export interface RecordFilter {
  /** Where the text is looked for. */
  scope: 'key' | 'any'
  text: string
}

/** Whether the record holds the filter's text (case-insensitive): in its key, or anywhere (key, value, headers). */
export function matches(record: ShownRecord, filter: RecordFilter): boolean {
  const needle = filter.text.trim().toLowerCase()
  if (!needle) return true
  const key = plainText(record.key) ?? ''
  if (filter.scope === 'key') return key.toLowerCase().includes(needle)
  const haystack = [key, plainText(record.value) ?? '', ...Object.entries(record.headers).flat()]
  return haystack.some((text) => text.toLowerCase().includes(needle))
}

/**
 * The record as JSON, as the API would take it back: key and value as the text they are, or, when
 * either is bytes, both as base64 with `"encoding": "base64"`.
 */
export function recordJson(topic: string, record: ShownRecord): string {
  const binary = record.key.kind === 'binary' || record.value.kind === 'binary'
  const field = (data: string | Uint8Array | null): string | null => {
    if (data === null) return null
    if (binary) return toBase64(typeof data === 'string' ? new TextEncoder().encode(data) : data)
    return typeof data === 'string' ? data : (decodeText(data) ?? toBase64(data))
  }
  return JSON.stringify(
    {
      topic,
      partition: record.partition,
      offset: record.offset,
      timestamp: record.timestamp,
      key: field(record.raw.key),
      value: field(record.raw.value),
      headers: record.headers,
      ...(binary ? { encoding: 'base64' } : {}),
    },
    null,
    2,
  )
}
