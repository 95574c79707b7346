import type { AppendRecord } from '../engine/append-types.js'
import { invalidRequest } from '../errors.js'
import { utf8Bytes, utf8Text } from '../utf8.js'
import type { Encoding, ProduceRecordBody } from './schemas.js'

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

/** A request's key or value as bytes, per the request's `encoding`. */
export function decodeField(text: string | null, encoding: Encoding, where: string): Uint8Array | null {
  if (text === null) return null
  if (encoding === 'utf8') return utf8Bytes(text)
  if (!BASE64.test(text)) throw invalidRequest(`${where} is not valid base64`)
  return new Uint8Array(Buffer.from(text, 'base64'))
}

/** Stored bytes back as text, per the fetch's `encoding`. */
export function encodeField(bytes: Uint8Array | null, encoding: Encoding): string | null {
  if (bytes === null) return null
  return encoding === 'utf8' ? utf8Text(bytes) : Buffer.from(bytes).toString('base64')
}

/** A request's records as the engine appends them, keys and values decoded per the request's `encoding`. */
export function toAppendRecords(records: readonly ProduceRecordBody[], encoding: Encoding): AppendRecord[] {
  return records.map((r, i) => ({
    key: decodeField(r.key ?? null, encoding, `records[${i}].key`),
    value: decodeField(r.value, encoding, `records[${i}].value`),
    headers: r.headers ?? {},
    ...(r.partition === undefined ? {} : { partition: r.partition }),
    ...(r.timestamp === undefined ? {} : { timestamp: r.timestamp }),
  }))
}
