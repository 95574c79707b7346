import type { APIGatewayProxyResultV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda'
import { functionUrlEvent, lambdaContext } from '../../test/support/lambda-events.js'
import { type LatencyModel, processCpuMs, sleep } from './latency-model.js'

/** A Lambda handler of Function URL events: what `hono/aws-lambda`'s `handle(app)` returns. */
export type FunctionUrlHandler = (event: never, context: never) => Promise<APIGatewayProxyResultV2>

export interface LambdaUsage {
  /** One per HTTP request: each would be one Lambda invocation behind the front door. */
  invocations: number
  /** Sum over requests of the handler time (`LambdaResponse.handlerMs`) rounded up to the ms, as Lambda bills. */
  billedMs: number
  /**
   * The same with all of the handler's CPU time added to the injected waits, also what ran beside
   * them: an upper bound of `billedMs`. Without a latency model, equal to it.
   */
  serialBilledMs: number
  /** The same from wall-clock time less excluded time: inflated when the machine is busy. */
  wallBilledMs: number
  /** Body bytes of the requests, for the front door's 512 KB metering. */
  requestBytes: number[]
}

export interface LambdaResponse {
  status: number
  // biome-ignore lint/suspicious/noExplicitAny: benchmarks read a few known fields of the API's JSON answers
  body: any
  /**
   * What the caller would wait in AWS: the injected invoke latency plus `handlerMs`.
   */
  latencyMs: number
  /**
   * The handler's time as Lambda would bill it. With a latency model: the injected AWS latencies on
   * its path (the union of the delays) plus this process's CPU time meanwhile that did not run beside
   * one of them (the handler and the AWS SDK; CPU beside a delay overlaps the wait in AWS too), which
   * a busy machine does not inflate the way it inflates wall-clock time. Exact only while requests on
   * this model do not overlap. Without one: the wall-clock time of the invocation.
   */
  handlerMs: number
}

/**
 * Calls the service as Lambda does: each request becomes a Function URL event handed to the Lambda
 * handler in this process (the production `hono/aws-lambda` adapter around the app), so no local HTTP
 * server or client, which a Lambda invocation does not have, adds its CPU time to the figures. Each
 * request counts as one invocation billed for its handler time, and with a latency model first waits
 * a sample of the model's `lambda.warmInvokeViaFunctionUrl`. Handler times are attributed correctly
 * only while requests on this model do not overlap (local call time is taken out by time window).
 */
export class LambdaHttp {
  usage: LambdaUsage = { invocations: 0, billedMs: 0, serialBilledMs: 0, wallBilledMs: 0, requestBytes: [] }

  constructor(
    private readonly handler: FunctionUrlHandler,
    private readonly latency?: LatencyModel,
  ) {}

  reset() {
    this.usage = { invocations: 0, billedMs: 0, serialBilledMs: 0, wallBilledMs: 0, requestBytes: [] }
  }

  async request(
    method: string,
    path: string,
    body?: string,
    headers: Record<string, string> = {},
  ): Promise<LambdaResponse> {
    const invokeMs = this.latency ? this.latency.sample('lambda.warmInvokeViaFunctionUrl') : 0
    if (invokeMs > 0) await sleep(invokeMs)
    const handlerStarted = performance.now()
    const cpuBefore = processCpuMs()
    const besideBefore = this.latency?.cpuBesideInjectedMs() ?? 0
    const url = new URL(path, 'https://lambda-url.invalid')
    const query = Object.fromEntries(url.searchParams)
    const event = functionUrlEvent(method, url.pathname, {
      headers,
      ...(body === undefined ? {} : { body }),
      ...(Object.keys(query).length > 0 ? { query } : {}),
    })
    const result = (await this.handler(
      event as never,
      lambdaContext as never,
    )) as APIGatewayProxyStructuredResultV2
    const text = result.isBase64Encoded ? Buffer.from(result.body ?? '', 'base64').toString() : result.body
    const done = performance.now()
    const cpuMs = processCpuMs() - cpuBefore
    const wallHandlerMs = done - handlerStarted - (this.latency?.excludedWithin(handlerStarted, done) ?? 0)
    const injectedMs = this.latency?.injectedWithin(handlerStarted, done) ?? 0
    const besideMs = (this.latency?.cpuBesideInjectedMs() ?? 0) - besideBefore
    const handlerMs = this.latency ? injectedMs + cpuMs - besideMs : wallHandlerMs
    this.usage.invocations++
    this.usage.billedMs += Math.ceil(handlerMs)
    this.usage.serialBilledMs += Math.ceil(this.latency ? injectedMs + cpuMs : wallHandlerMs)
    this.usage.wallBilledMs += Math.ceil(wallHandlerMs)
    this.usage.requestBytes.push(body === undefined ? 0 : Buffer.byteLength(body))
    return {
      status: result.statusCode ?? 200,
      body: text ? JSON.parse(text) : undefined,
      latencyMs: invokeMs + handlerMs,
      handlerMs,
    }
  }

  /** Like `request`, but anything but a 2xx is an error: a benchmark must not count failures as work. */
  async ok(method: string, path: string, body?: string, headers?: Record<string, string>) {
    const response = await this.request(method, path, body, headers)
    if (response.status >= 300) {
      throw new Error(`${method} ${path} answered ${response.status}: ${JSON.stringify(response.body)}`)
    }
    return response
  }
}
