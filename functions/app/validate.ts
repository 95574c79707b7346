import type { Context } from 'hono'
import type * as z from 'zod/mini'
import { LIMITS } from '../engine/limits.js'
import { invalidRequest, SluiceError } from '../errors.js'
import { utf8Text } from '../utf8.js'
import { issueMessage, ruleOf } from './issue-message.js'

/**
 * Parses with a schema or throws 400 INVALID_REQUEST whose message is the first problem: where it is,
 * the rule broken and the value got; `details.issues` lists every problem.
 */
export function parse<S extends z.ZodMiniType>(schema: S, input: unknown, where: string): z.output<S> {
  const result = schema.safeParse(input, { error: ruleOf })
  if (result.success) return result.data
  const issues = result.error.issues.map((i) => ({
    path: i.path.join('.'),
    message: issueMessage(i, input, where),
  }))
  throw invalidRequest(issues[0]?.message ?? `${where} is invalid`, { issues })
}

/** The raw body (for hashing) and its JSON, refusing bodies over 5 MiB and malformed JSON. */
export async function readJsonBody(c: Context): Promise<{ raw: string; json: unknown }> {
  const declared = Number(c.req.header('content-length') ?? 0)
  if (declared > LIMITS.maxBodyBytes) throw payloadTooLarge()
  const raw = lambdaTextBody(c) ?? (await requestText(c))
  try {
    return { raw, json: JSON.parse(raw) }
  } catch {
    throw invalidRequest('the body is not valid JSON')
  }
}

async function requestText(c: Context): Promise<string> {
  const buffer = new Uint8Array(await c.req.arrayBuffer())
  if (buffer.length > LIMITS.maxBodyBytes) throw payloadTooLarge()
  return utf8Text(buffer)
}

/**
 * The body as Lambda handed it over, when it came as text: read through the Request instead, a
 * 1 MiB body would be copied twice more and decoded back into a string it already was.
 */
function lambdaTextBody(c: Context): string | undefined {
  // hono/aws-lambda puts the event in the context's env; other servers put other things there.
  const event = (c.env as { event?: { body?: unknown; isBase64Encoded?: boolean } } | undefined)?.event
  if (!event || event.isBase64Encoded || typeof event.body !== 'string') return undefined
  if (Buffer.byteLength(event.body) > LIMITS.maxBodyBytes) throw payloadTooLarge()
  return event.body
}

const payloadTooLarge = () =>
  new SluiceError('PAYLOAD_TOO_LARGE', `the request body is larger than ${LIMITS.maxBodyBytes} bytes`)
