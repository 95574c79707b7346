import type { Context as LambdaContext } from 'aws-lambda'
import type { Context } from 'hono'
import { handle, type LambdaEvent } from 'hono/aws-lambda'
import { createApp } from '../app/app.js'
import { lambdaConsoleDir } from '../app/console-asset.js'
import { lambdaAuthenticator } from '../auth/from-env.js'
import { createLogger } from '../observability/logger.js'
import { MetricEvents } from '../observability/metric-events.js'
import { requestLog } from '../observability/request-log.js'
import { createService, type ServiceOptions } from '../service.js'
import { storageConfigFromEnv } from '../storage/config.js'
import { awsSubscriptionOptions } from './subscription-options.js'

/**
 * A Lambda handler for Function URL / API Gateway v2 events around the one Hono app. Every HTTP
 * function serves the whole API, so a mis-routed request still gets the right answer; the front door
 * only decides which function (and so which IAM role and memory size) handles it. A deployed stack
 * always requires an API key. Each request is logged (Powertools, JSON, with Lambda's request id and
 * cold start), and what it did is written out as metrics before the invocation ends. `engine` is for
 * tests: how the service's stores are built (clients, timings, clocks, a wrap).
 */
export function createHttpHandler(engine: Omit<ServiceOptions, 'events'> = {}) {
  const logger = createLogger()
  const metrics = new MetricEvents()
  const deps = createService(storageConfigFromEnv(), {
    subscriptions: awsSubscriptionOptions(),
    ...engine,
    events: metrics,
  })
  const serve = handle(
    createApp(deps, {
      authenticator: lambdaAuthenticator(deps.keys),
      // The console's assets are in the function's asset (infra/lib/bundling.ts); only admin is routed them.
      consoleDir: lambdaConsoleDir(),
      requestLog: requestLog({
        logger,
        platformFields: apiRequestId,
        onAnswered: ({ errorCode }) => {
          if (errorCode) metrics.errorAnswered(errorCode)
        },
      }),
    }),
  )
  return async (event: LambdaEvent, context: LambdaContext) => {
    logger.addContext(context)
    try {
      return await serve(event, context)
    } finally {
      metrics.flush()
    }
  }
}

/** API Gateway's (or the function URL's) id of the request, beside Lambda's own on every line. */
function apiRequestId(c: Context): Record<string, unknown> {
  const requestId = (c.env as { requestContext?: { requestId?: unknown } } | undefined)?.requestContext
    ?.requestId
  return typeof requestId === 'string' ? { api_request_id: requestId } : {}
}
