import type { InvokeCommandOutput } from '@aws-sdk/client-lambda'
import { jsonOrNothing, parseDeliveryAnswer } from '../delivery-answer.js'
import {
  type DeliveryAnswer,
  DeliveryError,
  type DeliveryRequest,
  type DeliveryTarget,
} from '../delivery-target.js'
import { type LambdaClientLoader, loadLambdaSdk, parseFunctionArn } from '../lambda-sdk.js'

/** How much of a function error's type and message goes into `lastError`. */
const MAX_ERROR_DETAIL = 300

/** A function ARN this service may not deliver to; `rule` completes "functionArn ...". */
export class FunctionArnRefused extends DeliveryError {
  constructor(readonly rule: string) {
    super(`functionArn ${rule}`)
    this.name = 'FunctionArnRefused'
  }
}

export interface LambdaTargetOptions {
  /** The stack's account: only its functions are targets (docs/api.md). */
  accountId: string
  /**
   * Lambda clients per region: each with one attempt per delivery, since the deliverer retries a
   * failed delivery itself, with its backoff, and counts the attempt.
   */
  clients: LambdaClientLoader
}

/**
 * Makes Lambda targets: a function ARN of another account, or not a function ARN at all, is refused
 * when the target is made (so a subscription naming one is refused when set, and one delivering
 * fails with the rule as its `lastError`).
 */
export function lambdaTargets(options: LambdaTargetOptions): (functionArn: string) => DeliveryTarget {
  return (functionArn) => {
    const arn = parseFunctionArn(functionArn)
    if (!arn) throw new FunctionArnRefused('must be the ARN of a Lambda function')
    if (arn.account !== options.accountId) {
      throw new FunctionArnRefused(
        `must name a function of this stack's account (${options.accountId}), not of ${arn.account}`,
      )
    }
    return {
      deliver: (request) => invoke(options.clients(arn.region), functionArn, request),
    }
  }
}

/**
 * Delivers by a synchronous invoke with the event as its payload (docs/api.md): what the function
 * returns is read as a webhook's 2xx answer; a function error, a failed invoke or no answer within the
 * request's timeout fails the delivery.
 */
async function invoke(
  client: ReturnType<LambdaClientLoader>,
  functionArn: string,
  request: DeliveryRequest,
): Promise<DeliveryAnswer> {
  let output: InvokeCommandOutput
  try {
    const { InvokeCommand } = await loadLambdaSdk()
    const command = new InvokeCommand({
      FunctionName: functionArn,
      InvocationType: 'RequestResponse',
      Payload: Buffer.from(JSON.stringify(request.event)),
    })
    output = await (await client).send(command, { abortSignal: AbortSignal.timeout(request.timeoutMs) })
  } catch (err) {
    throw invokeFailure(err, request.timeoutMs)
  }
  const text = output.Payload ? Buffer.from(output.Payload).toString('utf8') : ''
  if (output.FunctionError) throw new DeliveryError(functionError(output.FunctionError, text))
  return parseDeliveryAnswer(jsonOrNothing(text), 'function answer')
}

/** A function error, briefly: its kind and the error the function threw, never the whole payload. */
function functionError(kind: string, payload: string): string {
  const thrown = jsonOrNothing(payload) as { errorType?: unknown; errorMessage?: unknown } | undefined
  const type = typeof thrown?.errorType === 'string' ? thrown.errorType : undefined
  const message = typeof thrown?.errorMessage === 'string' ? thrown.errorMessage : undefined
  const detail = [type, message].filter((part) => part !== undefined).join(': ')
  return `function error (${kind})${detail ? `: ${detail.slice(0, MAX_ERROR_DETAIL)}` : ''}`
}

/** Why the invoke itself failed: a timeout, or the error Lambda answered (not found, throttled, denied). */
function invokeFailure(err: unknown, timeoutMs: number): DeliveryError {
  const name = err instanceof Error ? err.name : 'Error'
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new DeliveryError(`timed out after ${timeoutMs} ms`, { cause: err })
  }
  const message = err instanceof Error ? err.message : String(err)
  return new DeliveryError(`invoke failed: ${name}: ${message.slice(0, MAX_ERROR_DETAIL)}`, { cause: err })
}
