/**
 * Kafka's default partitioner, byte for byte: `murmur2` is Kafka's `Utils.murmur2` (32-bit signed
 * result) and a keyed record goes to `(murmur2(keyBytes) & 0x7fffffff) % partitions`, so the same key
 * lands on the same partition a Kafka (or KafkaJS "Java compatible") producer would pick.
 * The service imports this module; it is the one implementation.
 */

const SEED = 0x9747b28c
const M = 0x5bd1e995
const R = 24

/** Kafka's murmur2 over raw bytes; returns a signed 32-bit integer like Java's `int`. */
export function murmur2(data: Uint8Array): number {
  const length = data.length
  let h = SEED ^ length
  const length4 = length >>> 2
  for (let i = 0; i < length4; i++) {
    const i4 = i * 4
    let k =
      (data[i4] as number) |
      ((data[i4 + 1] as number) << 8) |
      ((data[i4 + 2] as number) << 16) |
      ((data[i4 + 3] as number) << 24)
    k = Math.imul(k, M)
    k ^= k >>> R
    k = Math.imul(k, M)
    h = Math.imul(h, M)
    h ^= k
  }
  const tail = length & ~3
  switch (length % 4) {
    // biome-ignore lint/suspicious/noFallthroughSwitchClause: Kafka's murmur2 falls through on purpose
    case 3:
      h ^= (data[tail + 2] as number) << 16
    // biome-ignore lint/suspicious/noFallthroughSwitchClause: Kafka's murmur2 falls through on purpose
    case 2:
      h ^= (data[tail + 1] as number) << 8
    case 1:
      h ^= data[tail] as number
      h = Math.imul(h, M)
  }
  h ^= h >>> 13
  h = Math.imul(h, M)
  h ^= h >>> 15
  return h | 0
}

const utf8 = new TextEncoder()

/** The key's bytes as Kafka would hash them: UTF-8 for strings, as-is for bytes. */
function keyBytes(key: string | Uint8Array): Uint8Array {
  return typeof key === 'string' ? utf8.encode(key) : key
}

/** Kafka's default partition for a non-null key: `(murmur2(key) & 0x7fffffff) % partitions`. */
export function partitionForKey(key: string | Uint8Array, partitions: number): number {
  return (murmur2(keyBytes(key)) & 0x7fffffff) % partitions
}
