import { isIP } from 'node:net'

/**
 * Which addresses a webhook may not reach (docs/api.md: a deployed stack delivers only to public
 * addresses): what is not the public internet, as the IANA special-purpose registries list it. An
 * IPv6 form that carries an IPv4 address (mapped, NAT64, 6to4) is judged by that address.
 */

interface Range {
  base: bigint
  bits: number
  name: string
}

const V4_BITS = 32
const V6_BITS = 128

function range(cidr: string, name: string): Range {
  const [address, bits] = cidr.split('/') as [string, string]
  return { base: toBigInt(address) as bigint, bits: Number(bits), name }
}

const V4_RANGES: Range[] = [
  range('0.0.0.0/8', 'unspecified'),
  range('10.0.0.0/8', 'private'),
  range('100.64.0.0/10', 'shared address space (CGNAT)'),
  range('127.0.0.0/8', 'loopback'),
  range('169.254.0.0/16', 'link-local'),
  range('172.16.0.0/12', 'private'),
  range('192.0.0.0/24', 'IETF protocol assignment'),
  range('192.0.2.0/24', 'documentation'),
  range('192.168.0.0/16', 'private'),
  range('198.18.0.0/15', 'benchmarking'),
  range('198.51.100.0/24', 'documentation'),
  range('203.0.113.0/24', 'documentation'),
  range('224.0.0.0/4', 'multicast'),
  range('240.0.0.0/4', 'reserved'),
]

/** IPv6 forms carrying an IPv4 address in their low (or, for 6to4, these) bits. */
const V6_CARRIERS: { range: Range; shift: number }[] = [
  { range: range('::ffff:0:0/96', 'IPv4-mapped'), shift: 0 },
  { range: range('64:ff9b::/96', 'NAT64'), shift: 0 },
  { range: range('2002::/16', '6to4'), shift: 80 },
]

const V6_RANGES: Range[] = [
  range('::/128', 'unspecified'),
  range('::1/128', 'loopback'),
  range('::/96', 'IPv4-compatible'),
  range('100::/64', 'discard-only'),
  range('2001::/32', 'Teredo'),
  range('2001:db8::/32', 'documentation'),
  range('fc00::/7', 'unique-local'),
  range('fe80::/10', 'link-local'),
  range('fec0::/10', 'site-local'),
  range('ff00::/8', 'multicast'),
]

const within = (value: bigint, r: Range, width: number) =>
  value >> BigInt(width - r.bits) === r.base >> BigInt(width - r.bits)

/**
 * Why the address is not public (`private`, `loopback`, `IPv4-mapped private`...), or undefined for a
 * public one. Not an IP address at all is refused too.
 */
export function nonPublicReason(address: string): string | undefined {
  const family = isIP(address)
  const value = toBigInt(address)
  if (value === undefined) return 'not an IP address'
  if (family === 4) return V4_RANGES.find((r) => within(value, r, V4_BITS))?.name
  for (const { range: r, shift } of V6_CARRIERS) {
    if (!within(value, r, V6_BITS)) continue
    const carried = (value >> BigInt(shift)) & 0xffff_ffffn
    const reason = V4_RANGES.find((v4) => within(carried, v4, V4_BITS))?.name
    return reason && `${r.name} ${reason}`
  }
  return V6_RANGES.find((r) => within(value, r, V6_BITS))?.name
}

/** An IPv4 or IPv6 address (a zone, `%eth0`, ignored) as a number; undefined when it is neither. */
function toBigInt(address: string): bigint | undefined {
  const plain = address.split('%')[0] as string
  const family = isIP(plain)
  if (family === 4) return v4ToBigInt(plain)
  if (family !== 6) return undefined
  // A trailing dotted quad stands for the last two groups.
  const quad = /(\d+\.\d+\.\d+\.\d+)$/.exec(plain)?.[1]
  let hex = plain
  if (quad) {
    const v4 = v4ToBigInt(quad)
    hex = `${plain.slice(0, -quad.length)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`
  }
  const [head, tail] = hex.includes('::') ? (hex.split('::') as [string, string]) : [hex, undefined]
  const groups = (part: string) => (part === '' ? [] : part.split(':'))
  const front = groups(head)
  const back = tail === undefined ? [] : groups(tail)
  const all = [...front, ...Array(8 - front.length - back.length).fill('0'), ...back]
  return all.reduce((sum, g) => (sum << 16n) + BigInt(Number.parseInt(g, 16)), 0n)
}

function v4ToBigInt(address: string): bigint {
  return address.split('.').reduce((sum, octet) => (sum << 8n) + BigInt(Number(octet)), 0n)
}
