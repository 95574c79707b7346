import { handle } from 'hono/aws-lambda'
import { createApp } from '../app/app.js'
import { lambdaAuthenticator } from '../auth/from-env.js'
import { createService } from '../service.js'
import { storageConfigFromEnv } from '../storage/config.js'
import { awsSubscriptionOptions } from './subscription-options.js'

/**
 * A Lambda handler for Function URL / API Gateway v2 events around the one Hono app. Every HTTP
 * function serves the whole API, so a mis-routed request still gets the right answer; the front door
 * only decides which function (and so which IAM role and memory size) handles it. A deployed stack
 * always requires an API key.
 */
export function createHttpHandler() {
  const deps = createService(storageConfigFromEnv(), { subscriptions: awsSubscriptionOptions() })
  return handle(createApp(deps, { authenticator: lambdaAuthenticator(deps.keys) }))
}
