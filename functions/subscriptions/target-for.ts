import { invalidRequest } from '../errors.js'
import { DeliveryError, type DeliveryTarget } from './delivery-target.js'
import type { SubscriptionDeps } from './deps.js'
import { openSecret } from './secret-box.js'
import { FunctionArnRefused } from './targets/lambda.js'
import { checkWebhookUrl, UrlRefused } from './targets/url-policy.js'
import { webhookTarget } from './targets/webhook.js'
import type { Subscription, TargetView } from './types.js'

const NO_LAMBDA =
  'needs a service with Lambda support; this one has none (the local server delivers to webhooks)'

/** The target a subscription delivers to; a Lambda target where the service has none fails the delivery. */
export async function targetFor(deps: SubscriptionDeps, sub: Subscription): Promise<DeliveryTarget> {
  const { target } = sub
  if (target.type === 'webhook') {
    const secret = await openSecret(deps.secretKeys, sub.name, target.sealedSecret).catch((err: unknown) => {
      throw new DeliveryError("the webhook's secret does not open with this service's key", { cause: err })
    })
    return webhookTarget({ url: target.url, secret, policy: deps.urlPolicy, now: deps.now })
  }
  if (!deps.lambdaTarget) throw new DeliveryError(`a lambda target ${NO_LAMBDA}`)
  return deps.lambdaTarget(target.functionArn)
}

/** Refuses (400, naming the rule) a target this service may not deliver to: checked when set. */
export async function checkTarget(deps: SubscriptionDeps, target: TargetView, where: string): Promise<void> {
  if (target.type === 'lambda') {
    if (!deps.lambdaTarget) throw invalidRequest(`${where}.type "lambda" ${NO_LAMBDA}`)
    try {
      deps.lambdaTarget(target.functionArn)
    } catch (err) {
      if (err instanceof FunctionArnRefused)
        throw invalidRequest(`${where}.${err.message}; got ${JSON.stringify(target.functionArn)}`)
      throw err
    }
    return
  }
  try {
    await checkWebhookUrl(deps.urlPolicy, target.url)
  } catch (err) {
    if (err instanceof UrlRefused)
      throw invalidRequest(`${where}.url ${err.rule}; got ${JSON.stringify(target.url)}`)
    throw err
  }
}
