import type { ReadRecord, ReadResult } from '../engine/read.js'
import { SluiceError } from '../errors.js'
import { encodeField } from './codec.js'
import type { Encoding } from './schemas.js'

/**
 * Lambda refuses a response payload over 6 MB. An answer with records stays within this many bytes as
 * the Lambda runtime serializes it, status, headers and the payload's own fields included, whatever the
 * records hold: `maxBytes` bounds their raw bytes, but base64 adds a third and JSON writes a control
 * character as six (`\u0001`), seven once the payload escapes the body.
 */
export const MAX_ANSWER_BYTES = 5_500_000

/** Room kept for the status, the headers and the payload's fields around the body. */
const ENVELOPE_BYTES = 4096

/** A fetched record as the API shows it, key and value in the fetch's encoding. */
export const toRecordView = (r: ReadRecord, encoding: Encoding) => ({
  offset: r.offset,
  timestamp: r.timestamp,
  key: encodeField(r.key, encoding),
  value: encodeField(r.value, encoding),
  headers: r.headers,
})

/**
 * Bytes a JSON text takes in a Lambda response payload: the runtime writes the body as a JSON string,
 * escaping each `"` and `\` once more. No other character of JSON.stringify's output needs it: control
 * characters and lone surrogates are escapes already, and the payload is UTF-8.
 */
export function payloadBytes(json: string): number {
  return Buffer.byteLength(json) + occurrences(json, '"') + occurrences(json, '\\')
}

function occurrences(text: string, char: string): number {
  let count = 0
  for (let at = text.indexOf(char); at !== -1; at = text.indexOf(char, at + 1)) count++
  return count
}

/** One partition's read, and where it was read. */
export interface PartitionRead extends ReadResult {
  topic: string
  partition: number
}

/** A partition's part of an answer: its JSON object, or the error that takes its place. */
export type PartitionAnswer = { json: string } | { error: SluiceError }

/**
 * The partitions' reads as JSON, each cut short where the whole answer would pass MAX_ANSWER_BYTES:
 * `fields` gives what a partition shows beside its records (from the read as cut, whose `nextOffset` is
 * then its first record left out); `restBytes` is what the rest of the answer takes. A partition whose
 * first record no answer can hold, even alone, answers RECORD_TOO_LARGE.
 */
export function fitAnswer(
  reads: readonly PartitionRead[],
  encoding: Encoding,
  fields: (read: PartitionRead) => Record<string, unknown>,
  restBytes = 0,
): PartitionAnswer[] {
  const parts = reads.map((read) => {
    const first = read.records[0]
    const tooLarge = first && recordTooLargeToAnswer(read, first.offset, encoding)
    return {
      read,
      tooLarge,
      records: read.records.map((r) => JSON.stringify(toRecordView(r, encoding))),
      // Either form the partition may answer in.
      otherBytes:
        payloadBytes(JSON.stringify(fields(read))) +
        (tooLarge ? payloadBytes(JSON.stringify(tooLarge.toJSON())) : 0),
    }
  })
  const kept = recordsThatFit(parts, MAX_ANSWER_BYTES - ENVELOPE_BYTES - restBytes)
  return parts.map(({ read, tooLarge, records }, i) => {
    const count = kept[i]
    if (count === undefined) return { error: tooLarge as SluiceError }
    const cutAt = read.records[count]
    const shown = cutAt ? { ...read, records: read.records.slice(0, count), nextOffset: cutAt.offset } : read
    return { json: objectWithRecords(records.slice(0, count), fields(shown)) }
  })
}

/**
 * How many records of each part fit `budget` bytes with every part's other bytes. Parts take records
 * in turns (every part's first, then every part's second...), so that large records in one partition
 * do not crowd out the others' first ones; each part's records stay a prefix, and the first record
 * that fits alone is always kept. undefined: the part's first record does not fit even alone.
 */
function recordsThatFit(
  parts: readonly { records: readonly string[]; otherBytes: number }[],
  budget: number,
): (number | undefined)[] {
  const room = budget - parts.reduce((sum, p) => sum + p.otherBytes, 0)
  const kept: (number | undefined)[] = parts.map(() => 0)
  let open = parts.map((_, i) => i).filter((i) => (parts[i]?.records.length ?? 0) > 0)
  let used = 0
  for (let turn = 0; open.length > 0; turn++) {
    open = open.filter((i) => {
      const record = parts[i]?.records[turn]
      if (record === undefined) return false
      // The comma before it, or the bracket after the last.
      const size = payloadBytes(record) + 1
      if (turn === 0 && size > room) {
        kept[i] = undefined
        return false
      }
      if (used + size > room) return false
      kept[i] = turn + 1
      used += size
      return true
    })
  }
  return kept
}

/** An object's JSON text with `records` (each already JSON) first, then `fields`. */
function objectWithRecords(records: readonly string[], fields: Record<string, unknown>): string {
  const rest = JSON.stringify(fields).slice(1)
  return `{"records":[${records.join(',')}]${rest === '}' ? '' : ','}${rest}`
}

function recordTooLargeToAnswer(where: PartitionRead, offset: number, encoding: Encoding) {
  const advice = encoding === 'utf8' ? '; fetch it with encoding=base64' : ''
  return new SluiceError(
    'RECORD_TOO_LARGE',
    `the record at offset ${offset} takes more than a response holds (${MAX_ANSWER_BYTES} bytes) as JSON in ${encoding}${advice}`,
    { topic: where.topic, partition: where.partition, offset },
  )
}
