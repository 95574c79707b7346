/** Checks made in the client before anything is sent, with the API's codes, so a bad send changes nothing. */

import { utf8Length } from './encoding.js'
import { InvalidRequestError, RecordTooLargeError } from './errors.js'
import type { Data, Message } from './types.js'

/** Kafka's topic and group name rule, as the API contract (docs/api.md) states it. */
const NAME = /^[A-Za-z0-9._-]{1,249}$/

/** One record's key + value + headers may hold at most 1 MiB. */
export const MAX_RECORD_BYTES = 1_048_576

export function validateName(name: unknown, what = 'topic'): asserts name is string {
  if (typeof name !== 'string' || !NAME.test(name) || name === '.' || name === '..') {
    throw new InvalidRequestError(
      `invalid ${what} name ${JSON.stringify(name)}: use 1-249 of [A-Za-z0-9._-]`,
      {
        code: 'INVALID_REQUEST',
        status: 400,
        ...(what === 'topic' && typeof name === 'string' ? { topic: name } : {}),
      },
    )
  }
}

function dataLength(data: Data | null | undefined): number {
  if (data === null || data === undefined) return 0
  return typeof data === 'string' ? utf8Length(data) : data.byteLength
}

function isData(data: unknown): data is Data | null | undefined {
  return data === null || data === undefined || typeof data === 'string' || data instanceof Uint8Array
}

/** Checks one message and returns its size (key + value + headers) in bytes. */
export function validateMessage(topic: string, message: Message, partitions: number): number {
  const invalid = (reason: string) =>
    new InvalidRequestError(reason, { code: 'INVALID_REQUEST', status: 400, topic })
  if (typeof message !== 'object' || message === null) throw invalid('a message must be an object')
  if (!isData(message.key) || !isData(message.value) || message.value === undefined) {
    throw invalid('key and value must be a string, a Uint8Array or null; value is required')
  }
  if (message.timestamp !== undefined && !Number.isSafeInteger(message.timestamp)) {
    throw invalid('timestamp must be an integer (ms since the epoch)')
  }
  const { partition } = message
  if (partition !== undefined && !(Number.isInteger(partition) && partition >= 0 && partition < partitions)) {
    throw new InvalidRequestError(`partition ${partition} is out of range: ${topic} has ${partitions}`, {
      code: 'INVALID_REQUEST',
      status: 400,
      topic,
      ...(typeof partition === 'number' ? { partition } : {}),
    })
  }
  let size = dataLength(message.key) + dataLength(message.value)
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    if (typeof value !== 'string') throw invalid(`header ${JSON.stringify(name)} must be a string`)
    size += utf8Length(name) + utf8Length(value)
  }
  if (size > MAX_RECORD_BYTES) {
    throw new RecordTooLargeError(`record of ${size} bytes is over the 1 MiB limit`, {
      code: 'RECORD_TOO_LARGE',
      status: 413,
      topic,
      ...(partition === undefined ? {} : { partition }),
    })
  }
  return size
}
