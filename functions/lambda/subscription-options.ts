import type { SubscriptionOptions } from '../service.js'
import { AwsWaker, lazySchedulerClient } from '../subscriptions/aws-waker.js'
import { lazyLambdaClients } from '../subscriptions/lambda-sdk.js'
import { lambdaTargets } from '../subscriptions/targets/lambda.js'
import { SUBSCRIPTION_ENV } from './subscription-env.js'
import { secretsManagerKey } from './subscription-key.js'

/**
 * Subscriptions in AWS, from the environment: Lambda targets of the stack's account, the key from
 * Secrets Manager, and wakes by async invokes of the push function and one-time schedules. Whatever the
 * environment lacks keeps the service's default (no Lambda targets, nothing woken): a function the
 * stack does not give them to has no use for them.
 */
export function awsSubscriptionOptions(
  env: Record<string, string | undefined> = process.env,
  pushFunctionArn = env[SUBSCRIPTION_ENV.pushFunctionArn],
): SubscriptionOptions {
  const accountId = env[SUBSCRIPTION_ENV.accountId]
  const keySecretArn = env[SUBSCRIPTION_ENV.keySecretArn]
  const scheduleGroup = env[SUBSCRIPTION_ENV.scheduleGroup]
  const schedulerRoleArn = env[SUBSCRIPTION_ENV.schedulerRoleArn]
  return {
    ...(accountId
      ? { lambdaTarget: lambdaTargets({ accountId, clients: lazyLambdaClients({ maxAttempts: 1 }) }) }
      : {}),
    ...(keySecretArn ? { secretKeys: secretsManagerKey(keySecretArn) } : {}),
    ...(pushFunctionArn && scheduleGroup && schedulerRoleArn
      ? {
          waker: (deps) =>
            new AwsWaker({
              pushFunctionArn,
              scheduleGroup,
              schedulerRoleArn,
              lambda: lazyLambdaClients(),
              scheduler: lazySchedulerClient(),
              now: deps.now,
            }),
        }
      : {}),
  }
}
