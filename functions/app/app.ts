import { Hono, type MiddlewareHandler } from 'hono'
import { cors } from 'hono/cors'
import { HTTPException } from 'hono/http-exception'
import type { Authenticator } from '../auth/authenticator.js'
import { type AuthEnv, requireApiKey } from '../auth/middleware.js'
import { SluiceError } from '../errors.js'
import type { ServiceDeps } from '../service.js'
import { allowedMethods } from './allowed-methods.js'
import { contractRoutes } from './routes/contract.js'
import { fetchManyRoutes } from './routes/fetch-many.js'
import { groupRoutes } from './routes/groups.js'
import { keyRoutes } from './routes/keys.js'
import { recordRoutes } from './routes/records.js'
import { subscriptionRoutes } from './routes/subscriptions.js'
import { topicRoutes } from './routes/topics.js'
import { transactionRoutes } from './routes/transactions.js'

export interface AppOptions {
  /** With an authenticator every /v1 route needs an API key; without one (local, loopback) auth is off. */
  authenticator?: Authenticator
  /**
   * Where unexpected errors are reported; they never reach the response body. By default the console,
   * or nowhere when a request log is given: it sees the error (`c.error`) and logs it with its request.
   */
  logError?: (err: unknown) => void
  /** A middleware run first around every request: the request log (functions/observability). */
  requestLog?: MiddlewareHandler
}

/** The whole HTTP API of docs/api.md: one app behind the Lambda entry points and the local server. */
export function createApp(deps: ServiceDeps, options: AppOptions = {}) {
  const logError =
    options.logError ?? (options.requestLog ? () => undefined : (err: unknown) => console.error(err))
  const v1 = new Hono<AuthEnv>()
  if (options.authenticator) v1.use('*', requireApiKey(options.authenticator))
  v1.route('/topics', topicRoutes(deps))
  v1.route('/topics', recordRoutes(deps))
  v1.route('/groups', groupRoutes(deps))
  v1.route('/transactions', transactionRoutes(deps))
  v1.route('/fetch', fetchManyRoutes(deps))
  v1.route('/subscriptions', subscriptionRoutes(deps))
  v1.route('/keys', keyRoutes(deps.keys, options.authenticator, deps.now))

  const app = new Hono()
  if (options.requestLog) app.use('*', options.requestLog)
  // Browsers may call the API from any origin: auth is a bearer key, never a cookie, so CORS adds no risk.
  const preflight = cors({
    origin: '*',
    allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowHeaders: ['authorization', 'content-type', 'idempotency-key'],
    maxAge: 86400,
  })
  app.use('*', async (c, next) => {
    if (c.req.method === 'OPTIONS') return preflight(c, next)
    await next()
    // Set on the answer, not before the route runs (as `cors` does): a header set on the context's
    // response first makes Hono copy the route's answer through a stream, a megabyte on a full fetch.
    c.res.headers.set('access-control-allow-origin', '*')
  })
  app.get('/health', (c) => c.json({ status: 'ok' }))
  app.route('/', contractRoutes())
  app.route('/v1', v1)
  const allowedOn = allowedMethods(app.routes)
  app.notFound((c) => {
    const allowed = allowedOn(c.req.path)
    if (allowed.length === 0) {
      return c.json(new SluiceError('NOT_FOUND', `no route for ${c.req.method} ${c.req.path}`).toJSON(), 404)
    }
    const error = new SluiceError(
      'METHOD_NOT_ALLOWED',
      `${c.req.path} answers ${allowed.join(', ')}, not ${c.req.method}`,
    )
    return c.json(error.toJSON(), error.status, { allow: allowed.join(', ') })
  })
  app.onError((err, c) => {
    const error = toSluiceError(err)
    if (error.status >= 500) logError(err)
    return c.json(error.toJSON(), error.status)
  })
  return app
}

function toSluiceError(err: unknown): SluiceError {
  if (err instanceof SluiceError) return err
  if (err instanceof HTTPException) {
    if (err.status === 413) return new SluiceError('PAYLOAD_TOO_LARGE', err.message)
    if (err.status < 500) return new SluiceError('INVALID_REQUEST', err.message)
  }
  return new SluiceError('INTERNAL', 'internal error')
}
