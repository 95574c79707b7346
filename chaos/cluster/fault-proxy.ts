import { randomUUID } from 'node:crypto'
import {
  Agent,
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  request,
  type ServerResponse,
} from 'node:http'
import type { AddressInfo } from 'node:net'
import { finished, pipeline } from 'node:stream/promises'
import type { FaultProxy } from './types.js'

/** The error DynamoDB answers a throttled request with. */
export type DynamoThrottleError = 'ProvisionedThroughputExceededException' | 'ThrottlingException'

export interface FaultProxyOptions {
  /** The store's URL, e.g. DynamoDB Local's or s3rver's. */
  target: string
  /** Which store it is: the throttling error is that store's own. */
  store: 'dynamodb' | 's3'
  /**
   * DynamoDB's answer to a throttled request. A hot partition key of an on-demand table gets
   * ProvisionedThroughputExceededException; ThrottlingException comes from on-demand maximums and
   * control-plane rates. The SDK retries both as throttling. @default 'ProvisionedThroughputExceededException'
   */
  dynamoThrottle?: DynamoThrottleError
}

/** Headers of one hop only, never passed on (RFC 9110 §7.6.1), and Expect, which this proxy answered itself. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'upgrade',
  'expect',
])

function forwardable(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  // The Host header is kept as the client sent it: SigV4 signs it, and s3rver checks the signature.
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name)))
}

/** Holds whoever waits on it while closed; `release` lets them all on. */
class Gate {
  private closed: { promise: Promise<void>; open: () => void } | undefined
  private timer: NodeJS.Timeout | undefined

  close(ms?: number): void {
    if (!this.closed) {
      let open: () => void = () => undefined
      const promise = new Promise<void>((resolve) => {
        open = resolve
      })
      this.closed = { promise, open }
    }
    clearTimeout(this.timer)
    this.timer = ms === undefined ? undefined : setTimeout(() => this.release(), ms)
  }

  release(): void {
    clearTimeout(this.timer)
    this.closed?.open()
    this.closed = undefined
  }

  /** Undefined while open. */
  get held(): Promise<void> | undefined {
    return this.closed?.promise
  }
}

/**
 * Starts a fault proxy in front of one store, for one service instance. Requests pass through as
 * they are (keep-alive, streamed bodies, the client's Host header) unless a fault is armed.
 */
export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const target = new URL(options.target)
  // Idle connections to the store are closed well before the store would close them itself (s3rver
  // after 5 s): a request sent on a connection the store is closing would fail, a fault nobody asked for.
  const upstream = new Agent({ keepAlive: true, timeout: 2000 })
  const gate = new Gate()
  const counts = { passed: 0, stalled: 0, throttled: 0, ambiguous: 0 }
  let throttleLeft = 0
  let ambiguousLeft = 0
  let closing = false

  /** Waits while the gate is closed; counts a request once however often it is held. */
  async function through(held: { counted: boolean }): Promise<void> {
    const wait = gate.held
    if (!wait) return
    if (!held.counted) {
      held.counted = true
      counts.stalled++
    }
    await wait
  }

  function forward(req: IncomingMessage): Promise<IncomingMessage> {
    return new Promise((resolve, reject) => {
      const out = request(
        {
          protocol: target.protocol,
          hostname: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          headers: forwardable(req.headers),
          agent: upstream,
        },
        resolve,
      )
      out.on('error', reject)
      pipeline(req, out).catch(reject)
    })
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const held = { counted: false }
    await through(held)
    // A client that gave up while held never got its request to the store.
    if (closing || req.socket.destroyed) return void req.socket.destroy()
    if (throttleLeft > 0) {
      throttleLeft--
      counts.throttled++
      req.resume()
      await finished(req)
      return throttled(res)
    }
    const ambiguous = ambiguousLeft > 0
    if (ambiguous) ambiguousLeft--
    const answer = await forward(req)
    if (ambiguous) {
      // The store has applied the request once its answer starts; the answer never reaches the client.
      answer.resume()
      await finished(answer)
      counts.ambiguous++
      return void req.socket.resetAndDestroy()
    }
    // A request in flight when a stall begins has its answer held.
    await through(held)
    if (closing) return void req.socket.destroy()
    res.writeHead(answer.statusCode ?? 502, forwardable(answer.headers))
    await pipeline(answer, res)
    counts.passed++
  }

  function throttled(res: ServerResponse): void {
    const requestId = randomUUID()
    if (options.store === 'dynamodb') {
      const type = options.dynamoThrottle ?? 'ProvisionedThroughputExceededException'
      res.writeHead(400, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': requestId })
      res.end(
        JSON.stringify({
          __type: `com.amazonaws.dynamodb.v20120810#${type}`,
          message: 'The level of configured provisioned throughput for the table was exceeded.',
        }),
      )
      return
    }
    res.writeHead(503, { 'content-type': 'application/xml', 'x-amz-request-id': requestId })
    res.end(
      '<?xml version="1.0" encoding="UTF-8"?>\n' +
        `<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message><RequestId>${requestId}</RequestId><HostId>${requestId}</HostId></Error>`,
    )
  }

  const server = createServer((req, res) => {
    // Any failure on either side (the store gone, the client gone) ends the client's connection, as a network fault would.
    handle(req, res).catch(() => req.socket.destroy())
  })
  server.keepAliveTimeout = 60_000
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    stall: (ms?: number) => gate.close(ms),
    release: () => gate.release(),
    throttle(count: number) {
      throttleLeft = count
    },
    ambiguous(count: number) {
      ambiguousLeft = count
    },
    async close() {
      closing = true
      gate.release()
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
      upstream.destroy()
    },
  }
}
