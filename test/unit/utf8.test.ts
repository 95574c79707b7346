import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { utf8Bytes, utf8Text } from '../../functions/utf8.js'

const decoder = new TextDecoder()
const encoder = new TextEncoder()

describe('utf8Text', () => {
  it('decodes any bytes as TextDecoder does: ASCII, multi-byte, malformed, at any offset of a buffer', () => {
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 300 }),
      fc.uint8Array({ max: 0x7f, maxLength: 300 }),
      fc.string({ unit: 'binary', maxLength: 100 }).map((s) => encoder.encode(s)),
    )
    fc.assert(
      fc.property(bytes, fc.nat(8), (b, pad) => {
        const framed = new Uint8Array(b.length + 2 * pad).fill(0xc3)
        framed.set(b, pad)
        const view = framed.subarray(pad, pad + b.length)
        expect(utf8Text(view)).toBe(decoder.decode(view))
      }),
    )
  })

  it('keeps a large ASCII body exact', () => {
    const text = JSON.stringify({
      records: Array.from({ length: 300 }, (_, i) => ({ value: `v${i}`.repeat(90) })),
    })
    expect(utf8Text(encoder.encode(text))).toBe(text)
  })
})

describe('utf8Bytes', () => {
  it('encodes any string as TextEncoder does, lone surrogates included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 100 }), (s) => {
        expect(Array.from(utf8Bytes(s))).toEqual(Array.from(encoder.encode(s)))
      }),
    )
    expect(Array.from(utf8Bytes('a\ud800b'))).toEqual(Array.from(encoder.encode('a\ud800b')))
  })
})
