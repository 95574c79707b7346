import { invalidRequest } from '../errors.js'
import { utf8Bytes, utf8Text } from '../utf8.js'
import type { Encoding } from './schemas.js'

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
