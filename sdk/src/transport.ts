/**
 * The one seam between the SDK and the network: a `Transport` sends one HTTP request and returns the
 * status and parsed body, or throws when no answer came. Errors by status and retries live above it
 * (in `Sluice.execute`), so a replacement transport (a test's, an edge runtime's) keeps them.
 */
import { NetworkError, TimeoutError } from './errors.js'

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

export interface TransportRequest {
  method: HttpMethod
  /** Path under the base URL, e.g. `/v1/topics/orders`, already escaped. */
  path: string
  query?: Record<string, string | number | undefined>
  /** The JSON body, serialized once so that every retry sends the same bytes. */
  body?: string
  headers?: Record<string, string>
}

export interface TransportResponse {
  status: number
  /** The parsed JSON body; `undefined` for an empty body, the raw text when it is not JSON. */
  body: unknown
}

export interface Transport {
  request(request: TransportRequest, signal?: AbortSignal): Promise<TransportResponse>
}

export interface HttpTransportOptions {
  /** Base URL of the service, e.g. `http://127.0.0.1:4100`. */
  url: string
  /**
   * Sent as `Authorization: Bearer <apiKey>`.
   *
   * @default none
   */
  apiKey?: string | undefined
  /**
   * The `fetch` to use.
   *
   * @default the global `fetch`
   */
  fetch?: typeof fetch | undefined
  /** How long one attempt may wait for an answer, in ms (a fetch's `waitMs` is added). */
  requestTimeoutMs: number
}

/** The transport over `fetch`. */
export class HttpTransport implements Transport {
  readonly #baseUrl: string
  readonly #headers: Record<string, string>
  readonly #fetch: typeof fetch
  readonly #timeoutMs: number

  constructor(options: HttpTransportOptions) {
    this.#baseUrl = options.url.replace(/\/+$/, '')
    this.#headers = options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}
    // Bound so that a global fetch is not called with the transport as `this` (browsers refuse that).
    this.#fetch = options.fetch ?? ((input, init) => fetch(input, init))
    this.#timeoutMs = options.requestTimeoutMs
  }

  async request(request: TransportRequest, signal?: AbortSignal): Promise<TransportResponse> {
    // A long-poll may legitimately stay silent for its whole `waitMs`.
    const timeoutMs = this.#timeoutMs + (Number(request.query?.waitMs) || 0)
    const timeout = AbortSignal.timeout(timeoutMs)
    const headers: Record<string, string> = { ...this.#headers, ...request.headers }
    if (request.body !== undefined) headers['content-type'] = 'application/json'
    let response: Response
    try {
      response = await this.#fetch(this.#url(request), {
        method: request.method,
        headers,
        body: request.body ?? null,
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      })
    } catch (cause) {
      if (signal?.aborted) throw cause
      if (timeout.aborted) {
        throw new TimeoutError(`no answer within ${timeoutMs} ms`, {
          code: 'TIMEOUT',
          retriable: true,
          cause,
        })
      }
      throw new NetworkError(`request failed: ${describe(cause)}`, {
        code: 'NETWORK',
        retriable: true,
        cause,
      })
    }
    return { status: response.status, body: await readBody(response) }
  }

  #url(request: TransportRequest): string {
    const params = new URLSearchParams()
    for (const [name, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined) params.set(name, String(value))
    }
    const query = params.toString()
    return `${this.#baseUrl}${request.path}${query ? `?${query}` : ''}`
  }
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text()
  if (text === '') return undefined
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

function describe(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause)
  const inner = cause.cause instanceof Error ? `: ${cause.cause.message}` : ''
  return `${cause.message}${inner}`
}
