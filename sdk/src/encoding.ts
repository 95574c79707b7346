/** Bytes and strings on the wire: keys and values travel as UTF-8 text or, for bytes, as base64. */

const utf8Encoder = new TextEncoder()
const utf8Decoder = new TextDecoder()

export function utf8Bytes(text: string): Uint8Array {
  return utf8Encoder.encode(text)
}

export function utf8Text(bytes: Uint8Array): string {
  return utf8Decoder.decode(bytes)
}

/** UTF-8 length of a string without encoding it. */
export function utf8Length(text: string): number {
  let length = 0
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i)
    if (unit < 0x80) length += 1
    else if (unit < 0x800) length += 2
    else if (unit >= 0xd800 && unit < 0xdc00 && i + 1 < text.length) {
      length += 4 // a surrogate pair is one 4-byte code point
      i++
    } else length += 3
  }
  return length
}

// btoa/atob take "binary strings"; chunks keep String.fromCharCode's argument list small.
const CHUNK = 0x8000

export function toBase64(bytes: Uint8Array): string {
  let binary = ''
  for (let i = 0; i < bytes.length; i += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK))
  }
  return btoa(binary)
}

export function fromBase64(text: string): Uint8Array {
  const binary = atob(text)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}
