/**
 * An HTTP proxy in front of the local service, for failure injection: per request it forwards, answers
 * 503 itself (the service's storage being throttled or down), or forwards and then drops the connection
 * before the answer reaches the client (a Lambda or network failure after the append happened).
 * It also serves static files, so a browser page can load from the same origin as the API.
 */
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'

export type ProxyAction = 'forward' | 'unavailable' | 'drop-after-forward'

export interface ProxiedRequest {
  method: string
  path: string
  headers: IncomingMessage['headers']
  action: ProxyAction
}

export interface ProxyOptions {
  /** Decides what happens to each request; default: forward everything. */
  decide?: (request: { method: string; path: string; index: number }) => ProxyAction
  /** Files served by the proxy itself, by path, instead of forwarding. */
  files?: Record<string, { contentType: string; body: string }>
}

export interface FaultProxy {
  url: string
  /** Every request that reached the proxy, in arrival order. */
  requests: ProxiedRequest[]
  stop(): Promise<void>
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'host'])

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

export async function startProxy(target: string, options: ProxyOptions = {}): Promise<FaultProxy> {
  const requests: ProxiedRequest[] = []
  const server = createServer(async (request, response) => {
    const method = request.method ?? 'GET'
    const path = request.url ?? '/'
    const file = options.files?.[path.split('?')[0] as string]
    if (file) {
      response.writeHead(200, { 'content-type': file.contentType }).end(file.body)
      return
    }
    const action = options.decide?.({ method, path, index: requests.length }) ?? 'forward'
    requests.push({ method, path, headers: request.headers, action })
    const body = await readBody(request)
    if (action === 'unavailable') {
      const error = { code: 'UNAVAILABLE', message: 'injected by the test proxy', retriable: true }
      response.writeHead(503, { 'content-type': 'application/json' }).end(JSON.stringify({ error }))
      return
    }
    const headers: Record<string, string> = {}
    for (const [name, value] of Object.entries(request.headers)) {
      if (!HOP_BY_HOP.has(name) && typeof value === 'string') headers[name] = value
    }
    try {
      const upstream = await fetch(`${target}${path}`, {
        method,
        headers,
        ...(body.length > 0 ? { body: new Uint8Array(body) } : {}),
      })
      const answer = Buffer.from(await upstream.arrayBuffer())
      if (action === 'drop-after-forward') {
        request.socket.destroy()
        return
      }
      const answerHeaders: Record<string, string> = {}
      upstream.headers.forEach((value, name) => {
        if (!HOP_BY_HOP.has(name) && name !== 'content-encoding') answerHeaders[name] = value
      })
      response.writeHead(upstream.status, answerHeaders).end(answer)
    } catch (error) {
      response.writeHead(502).end(String(error))
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
