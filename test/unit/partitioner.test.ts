import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { murmur2, partitionForKey } from '../../sdk/src/partitioner.js'

const utf8 = (s: string) => new TextEncoder().encode(s)

describe('murmur2 (Kafka UtilsTest.testMurmur2 vectors)', () => {
  it.each([
    ['21', -973932308],
    ['foobar', -790332482],
    ['a-little-bit-long-string', -985981536],
    ['a-little-bit-longer-string', -1486304829],
    ['abc', 479470107],
  ])('murmur2(%j) = %d', (input, expected) => {
    expect(murmur2(utf8(input))).toBe(expected)
  })

  it('puts "foobar" on partition 16 of 50, as Kafka does', () => {
    expect(partitionForKey('foobar', 50)).toBe(16)
  })

  it('hashes a string and its UTF-8 bytes alike and stays in range', () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 1, max: 1024 }), (key, partitions) => {
        const p = partitionForKey(key, partitions)
        expect(p).toBe(partitionForKey(utf8(key), partitions))
        expect(p).toBeGreaterThanOrEqual(0)
        expect(p).toBeLessThan(partitions)
      }),
    )
  })
})
