import type { Outcome } from './history.js'
import type { Random } from './random.js'

/** What came back from one request: an answer, or none (and whether the connection was refused). */
export type Answer =
  | { kind: 'answer'; instance: number; status: number; body: unknown }
  | { kind: 'none'; instance: number; refused: boolean; error: string }

export interface RequestOptions {
  body?: unknown
  headers?: Record<string, string>
  /** Added to the client's timeout (a long-poll's waitMs). */
  extraTimeoutMs?: number
  /** Which instance to ask; by default one drawn at random per request, as a load balancer would. */
  instance?: number
}

/**
 * A client of the cluster's HTTP API: each request goes to one instance, so a fault on one instance is
 * seen by some requests and not others. A request unanswered within the timeout has no answer.
 */
export class ServiceClient {
  constructor(
    private readonly urls: readonly string[],
    private readonly random: Random,
    private readonly timeoutMs: number,
  ) {}

  async request(method: string, path: string, options: RequestOptions = {}): Promise<Answer> {
    const instance = options.instance ?? this.random.int(0, this.urls.length - 1)
    const headers: Record<string, string> = { ...options.headers }
    if (options.body !== undefined) headers['content-type'] = 'application/json'
    try {
      const response = await fetch(`${this.urls[instance]}${path}`, {
        method,
        headers,
        body: options.body === undefined ? null : JSON.stringify(options.body),
        signal: AbortSignal.timeout(this.timeoutMs + (options.extraTimeoutMs ?? 0)),
      })
      const text = await response.text()
      return { kind: 'answer', instance, status: response.status, body: parseBody(text) }
    } catch (error) {
      return { kind: 'none', instance, refused: isRefused(error), error: describe(error) }
    }
  }
}

/**
 * How the contract lets a client read an answer: a 2xx happened; a 4xx, or a 503 (storage throttled or
 * down, which the contract counts among the rejected requests that change nothing), did not, unless
 * the 503 says its outcome is unknown; a 500, a timeout or a dropped connection may have. A refused
 * connection never reached a server.
 */
export function outcomeOf(answer: Answer): Outcome {
  if (answer.kind === 'none') return answer.refused ? 'fail' : 'info'
  if (answer.status < 300) return 'ok'
  const unknown = (answer.body as { error?: { outcome?: string } } | undefined)?.error?.outcome === 'unknown'
  if (answer.status < 500 || (answer.status === 503 && !unknown)) return 'fail'
  return 'info'
}

/** A short description of a failed request for the history: status and code, or the network error. */
export function errorOf(answer: Answer): string | undefined {
  if (answer.kind === 'none') return answer.error
  if (answer.status < 300) return undefined
  const error = (answer.body as { error?: { code?: string; message?: string } } | undefined)?.error
  return error ? `${answer.status} ${error.code}: ${error.message}` : `${answer.status}`
}

function parseBody(text: string): unknown {
  if (text === '') return undefined
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

function isRefused(error: unknown): boolean {
  const cause = (error as { cause?: { code?: string } } | undefined)?.cause
  return cause?.code === 'ECONNREFUSED'
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error)
  if (error.name === 'TimeoutError') return 'timeout'
  const cause = (error as { cause?: { code?: string; message?: string } }).cause
  return cause?.code ?? cause?.message ?? error.message
}
