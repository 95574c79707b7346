import * as z from 'zod/mini'
import { encoding, int, list, name, produceRecords } from '../app/schemas.js'
import { parse } from '../app/validate.js'
import { SluiceError } from '../errors.js'
import { GROUP_LIMITS } from '../groups/limits.js'
import { type DeliveryAnswer, DeliveryError } from './delivery-target.js'

/**
 * What a target's answer may carry (docs/api.md): `failedOffset`, and for exactly-once `produce`, as a
 * transaction's. Other fields are the target's own business and pass unread.
 */
export const answerBody = z.object({
  failedOffset: z.optional(int(0)),
  produce: z.optional(
    list(
      z.strictObject({ topic: name, records: produceRecords, encoding: z.optional(encoding) }),
      0,
      GROUP_LIMITS.maxTransactionPartitions,
      'entries',
    ),
  ),
})

/**
 * A target's successful answer, parsed: anything but a JSON object (an empty body, "ok") carries
 * nothing. A malformed `failedOffset` or `produce` fails the delivery, saying what was wrong.
 */
export function parseDeliveryAnswer(json: unknown, where: string): DeliveryAnswer {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return {}
  try {
    const body = parse(answerBody, json, where)
    return {
      ...(body.failedOffset === undefined ? {} : { failedOffset: body.failedOffset }),
      ...(body.produce === undefined ? {} : { produce: body.produce }),
    }
  } catch (err) {
    if (err instanceof SluiceError) throw new DeliveryError(err.message)
    throw err
  }
}

/** A text answer's JSON, or nothing for a body that is not JSON. */
export function jsonOrNothing(text: string): unknown {
  try {
    return text === '' ? undefined : JSON.parse(text)
  } catch {
    return undefined
  }
}
