import { describe, expect, it } from 'vitest'
import { SUBSCRIPTION_ENV } from '../../functions/lambda/subscription-env.js'
import { awsSubscriptionOptions } from '../../functions/lambda/subscription-options.js'
import { createService } from '../../functions/service.js'
import { AwsWaker } from '../../functions/subscriptions/aws-waker.js'
import { FunctionArnRefused } from '../../functions/subscriptions/targets/lambda.js'

// What a function makes of the environment the stack gives it. Nothing here calls AWS: clients and
// secrets are only reached on first use.
const deployed = { region: 'us-east-1', table: 'sluice', bucket: 'sluice' }
const PUSH = 'arn:aws:lambda:us-east-1:111122223333:function:sluice-push'
const env = {
  [SUBSCRIPTION_ENV.accountId]: '111122223333',
  [SUBSCRIPTION_ENV.keySecretArn]: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:key-AbCdEf',
  [SUBSCRIPTION_ENV.pushFunctionArn]: PUSH,
  [SUBSCRIPTION_ENV.scheduleGroup]: 'sluice-wakes',
  [SUBSCRIPTION_ENV.schedulerRoleArn]: 'arn:aws:iam::111122223333:role/sluice-wake',
}

describe('subscriptions in AWS, from the environment', () => {
  it('admin (told where the push function is) wakes it and makes Lambda targets of its account only', () => {
    const deps = createService(deployed, { subscriptions: awsSubscriptionOptions(env) })
    expect(deps.waker).toBeInstanceOf(AwsWaker)
    expect(deps.lambdaTarget?.('arn:aws:lambda:us-east-1:111122223333:function:etas')).toBeDefined()
    expect(() => deps.lambdaTarget?.('arn:aws:lambda:us-east-1:444455556666:function:etas')).toThrow(
      FunctionArnRefused,
    )
  })

  it('the push function, told no ARN of its own, wakes the ARN it was invoked as', () => {
    const { [SUBSCRIPTION_ENV.pushFunctionArn]: _, ...pushEnv } = env
    expect(
      createService(deployed, { subscriptions: awsSubscriptionOptions(pushEnv) }).waker,
    ).not.toBeInstanceOf(AwsWaker)
    const options = awsSubscriptionOptions(pushEnv, PUSH)
    expect(createService(deployed, { subscriptions: options }).waker).toBeInstanceOf(AwsWaker)
  })

  it('a function the stack tells nothing has no Lambda targets, wakes nothing, and seals with no key', async () => {
    const deps = createService(deployed, { subscriptions: awsSubscriptionOptions({}) })
    expect(deps.lambdaTarget).toBeUndefined()
    expect(deps.waker).not.toBeInstanceOf(AwsWaker)
    await expect(deps.secretKeys.key()).rejects.toThrow('SLUICE_SUBSCRIPTION_KEY')
  })
})
