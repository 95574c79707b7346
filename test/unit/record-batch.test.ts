import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CorruptBatchError, crc32c, decodeBatch, encodeBatch } from '../../functions/engine/record-batch.js'

describe('crc32c', () => {
  it('is CRC-32C (Castagnoli), unsigned: the check value of "123456789" and of RFC 3720 B.4', () => {
    expect(crc32c(new TextEncoder().encode('123456789'))).toBe(0xe3069283)
    expect(crc32c(new Uint8Array(32))).toBe(0x8a9136aa)
    expect(crc32c(new Uint8Array(32).fill(0xff))).toBe(0x62a8ab43)
  })
})

describe('record batches', () => {
  const record = fc.record({
    timestamp: fc.integer({ min: 0, max: 2 ** 45 }),
    key: fc.option(fc.uint8Array({ maxLength: 64 }), { nil: null }),
    value: fc.option(fc.uint8Array({ maxLength: 256 }), { nil: null }),
    headers: fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 16 }), { maxKeys: 3 }),
  })

  it('decode what they encode, and refuse a batch with any byte changed', () => {
    fc.assert(
      fc.property(fc.array(record, { minLength: 1, maxLength: 20 }), fc.nat(), (records, flip) => {
        const bytes = encodeBatch(records)
        const crc = crc32c(bytes)
        expect(decodeBatch(bytes, records.length, crc)).toEqual(records)
        const damaged = bytes.slice()
        const at = flip % damaged.length
        damaged[at] = (damaged[at] as number) ^ 0x01
        expect(() => decodeBatch(damaged, records.length, crc)).toThrow(CorruptBatchError)
      }),
    )
  })
})
