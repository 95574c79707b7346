/**
 * How a record's key and value are shown: pretty JSON when the text is a JSON object or array, text
 * otherwise, and hex or base64 for bytes that are not UTF-8 text.
 */

export type Shown =
  | { kind: 'null' }
  | { kind: 'json'; text: string }
  | { kind: 'text'; text: string }
  | { kind: 'binary'; hex: string; base64: string; length: number }

/** What the service puts in place of bytes that are not UTF-8 when it answers a fetch as utf8. */
export const REPLACEMENT_CHARACTER = '\uFFFD'

const strictUtf8 = new TextDecoder('utf-8', { fatal: true })
/** Control characters other than tab, newline and carriage return mark bytes, not text. */
function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0x7f) return true
  }
  return false
}

/** A key or value as the console shows it: `data` as fetched (text, or bytes when fetched as base64). */
export function show(data: string | Uint8Array | null): Shown {
  if (data === null) return { kind: 'null' }
  if (typeof data === 'string') return showText(data)
  const text = decodeText(data)
  if (text !== undefined) return showText(text)
  return { kind: 'binary', hex: toHex(data), base64: toBase64(data), length: data.byteLength }
}

function showText(text: string): Shown {
  const trimmed = text.trimStart()
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return { kind: 'json', text: JSON.stringify(JSON.parse(text), null, 2) }
    } catch {
      // Not JSON after all: shown as the text it is.
    }
  }
  return { kind: 'text', text }
}

/** The bytes as text when they are UTF-8 without control characters; `undefined` otherwise. */
export function decodeText(bytes: Uint8Array): string | undefined {
  try {
    const text = strictUtf8.decode(bytes)
    return hasControlCharacter(text) ? undefined : text
  } catch {
    return undefined
  }
}

/** Bytes as hex in groups of two, `0a ff 07`. */
export const toHex = (bytes: Uint8Array): string =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ')

export function toBase64(bytes: Uint8Array): string {
  let binary = ''
  for (const b of bytes) binary += String.fromCharCode(b)
  return btoa(binary)
}

/** The text of a shown key or value that a filter searches, and that a copy writes. */
export function plainText(shown: Shown): string | null {
  switch (shown.kind) {
    case 'null':
      return null
    case 'binary':
      return shown.base64
    default:
      return shown.text
  }
}
