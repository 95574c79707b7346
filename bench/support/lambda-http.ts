import { type LatencyModel, sleep } from './latency-model.js'

export interface LambdaUsage {
  /** One per HTTP request: each would be one Lambda invocation behind the front door. */
  invocations: number
  /** Sum over requests of the handler time (`LambdaResponse.handlerMs`) rounded up to the ms, as Lambda bills. */
  billedMs: number
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
   * its path plus this process's CPU time meanwhile (service, AWS SDK, in-process s3rver and this
   * client), which a busy machine does not inflate the way it inflates wall-clock time. Exact only
   * while requests on this model do not overlap. Without one: the wall-clock round trip.
   */
  handlerMs: number
}

/**
 * An HTTP client that stands for calling the service through Lambda: each request counts as one
 * invocation billed for its handler time (the local round trip, measured here since nothing may be
 * hooked into the service), and with a latency model each first waits a sample of the model's
 * `lambda.warmInvokeViaFunctionUrl`. Handler times are attributed correctly only while requests on
 * this model do not overlap (local call time is taken out by time window, not by request).
 */
export class LambdaHttp {
  usage: LambdaUsage = { invocations: 0, billedMs: 0, wallBilledMs: 0, requestBytes: [] }

  constructor(
    private readonly baseUrl: string,
    private readonly latency?: LatencyModel,
  ) {}

  reset() {
    this.usage = { invocations: 0, billedMs: 0, wallBilledMs: 0, requestBytes: [] }
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
    const cpuBefore = process.cpuUsage()
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body }),
    })
    const text = await response.text()
    const done = performance.now()
    const cpu = process.cpuUsage(cpuBefore)
    const wallHandlerMs = done - handlerStarted - (this.latency?.excludedWithin(handlerStarted, done) ?? 0)
    const handlerMs = this.latency
      ? this.latency.injectedWithin(handlerStarted, done) + (cpu.user + cpu.system) / 1000
      : wallHandlerMs
    this.usage.invocations++
    this.usage.billedMs += Math.ceil(handlerMs)
    this.usage.wallBilledMs += Math.ceil(wallHandlerMs)
    this.usage.requestBytes.push(body === undefined ? 0 : Buffer.byteLength(body))
    return {
      status: response.status,
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
