import type { Logger } from '@aws-lambda-powertools/logger'
import type { Context, MiddlewareHandler } from 'hono'
import { matchedRoutes } from 'hono/route'

/** An answered request, as its log line and the metrics see it. */
export interface AnsweredRequest {
  method: string
  /** The route pattern that matched, e.g. `/v1/topics/:topic/records`; none for a path no route serves. */
  route: string | undefined
  status: number
  latencyMs: number
  /** The `error.code` of an error answer (docs/api.md). */
  errorCode: string | undefined
}

export interface RequestLogOptions {
  logger: Pick<Logger, 'info' | 'error'>
  /** Fields the platform knows of the request: in Lambda, API Gateway's request id. */
  platformFields?: (c: Context) => Record<string, unknown>
  /** Sees every answer (the metrics count error answers by code). */
  onAnswered?: (answer: AnsweredRequest) => void
}

/** The path parameters a line names: what the request was about, never what it carried. */
const LOGGED_PARAMS = new Set(['topic', 'partition', 'group'])

/**
 * A middleware logging one line per request once it is answered: method, route pattern (not the raw
 * path, which would make each topic a route of its own), status, latency, the topic, partition and
 * group the path names, and an error answer's code. A 5xx is logged at ERROR with the error that
 * caused it, stack and cause. Nothing of the headers or bodies is logged beyond an error's code: they
 * carry API keys (the Authorization header, the secret POST /v1/keys answers) and record data.
 */
export function requestLog(options: RequestLogOptions): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now()
    await next()
    const latencyMs = Math.round((performance.now() - started) * 10) / 10
    const route = routePattern(c)
    const { status } = c.res
    const errorCode = status >= 400 ? await errorCodeOf(c.res) : undefined
    const fields = {
      method: c.req.method,
      ...(route ? { route, ...paramsOf(route, c.req.path) } : {}),
      status,
      latency_ms: latencyMs,
      ...(errorCode ? { error_code: errorCode } : {}),
      ...options.platformFields?.(c),
    }
    if (status >= 500) options.logger.error('request', c.error ? { ...fields, error: c.error } : fields)
    else options.logger.info('request', fields)
    options.onAnswered?.({ method: c.req.method, route, status, latencyMs, errorCode })
  }
}

/** The last route (not middleware, whose method is ALL) that matched the path, whether or not it ran. */
function routePattern(c: Context): string | undefined {
  const routes = matchedRoutes(c).filter((r) => r.method !== 'ALL')
  return routes[routes.length - 1]?.path
}

/** The logged parameters, read from the path by the pattern's `:name` segments. */
function paramsOf(route: string, path: string): Record<string, string | number> {
  const values = path.split('/')
  const params: Record<string, string | number> = {}
  route.split('/').forEach((segment, i) => {
    const name = segment.slice(1)
    const value = values[i]
    if (!segment.startsWith(':') || !LOGGED_PARAMS.has(name) || value === undefined) return
    const decoded = decodeSegment(value)
    params[name] = name === 'partition' && /^\d+$/.test(decoded) ? Number(decoded) : decoded
  })
  return params
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

/** The code of an error answer's `{"error": {"code"}}` body; the body itself is left to the client. */
async function errorCodeOf(res: Response): Promise<string | undefined> {
  try {
    const body = (await res.clone().json()) as { error?: { code?: unknown } }
    return typeof body.error?.code === 'string' ? body.error.code : undefined
  } catch {
    return undefined
  }
}
