/**
 * Sluice topics and subscriptions as resources of a CDK stack, next to the `Sluice` construct: created
 * with the stack, changed on deploy, and (subscriptions) deleted with it. A custom resource provider
 * runs resource-handler.ts, which speaks to Sluice's API with the stack's root key.
 */
import { fileURLToPath } from 'node:url'
import type { CreateSubscriptionInput } from '@sluice/sdk'
import { CustomResource, Duration, Stack } from 'aws-cdk-lib'
import type { IFunction } from 'aws-cdk-lib/aws-lambda'
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs'
import { Provider } from 'aws-cdk-lib/custom-resources'
import { Construct } from 'constructs'
import type { Sluice } from '../../infra/lib/sluice.js'
import { LAMBDA_RUNTIME } from '../../infra/lib/sluice.js'
import { SUBSCRIPTION_RESOURCE, TOPIC_RESOURCE, type TopicSpec } from './resource-types.js'

const HANDLER_ENTRY = fileURLToPath(new URL('./resource-handler.ts', import.meta.url))

/** The provider of both resource types: one per `Sluice`, made by the first resource that needs it. */
export class SluiceResourceProvider extends Construct {
  readonly serviceToken: string
  readonly onEvent: NodejsFunction

  static of(sluice: Sluice): SluiceResourceProvider {
    const id = 'ResourceProvider'
    return (
      (sluice.node.tryFindChild(id) as SluiceResourceProvider | undefined) ??
      new SluiceResourceProvider(sluice, id)
    )
  }

  private constructor(sluice: Sluice, id: string) {
    super(sluice, id)
    this.onEvent = new NodejsFunction(this, 'OnEvent', {
      entry: HANDLER_ENTRY,
      runtime: LAMBDA_RUNTIME,
      timeout: Duration.minutes(1),
      description: 'Sluice topics and subscriptions of the stack',
      environment: { SLUICE_URL: sluice.url, SLUICE_ROOT_KEY_SECRET_ARN: sluice.rootKey.secretArn },
      // The AWS SDK is in the runtime; @sluice/sdk is bundled.
      bundling: { format: OutputFormat.ESM, externalModules: ['@aws-sdk/*'] },
    })
    sluice.rootKey.grantRead(this.onEvent)
    this.serviceToken = new Provider(this, 'Provider', { onEventHandler: this.onEvent }).serviceToken
  }
}

export interface SluiceTopicProps extends TopicSpec {
  sluice: Sluice
}

/** A topic: created (or taken as it is) with the stack, grown on deploy, kept with its records on delete. */
export class SluiceTopic extends Construct {
  readonly name: string

  constructor(scope: Construct, id: string, props: SluiceTopicProps) {
    super(scope, id)
    const { sluice, ...topic } = props
    this.name = topic.name
    new CustomResource(this, 'Resource', {
      serviceToken: SluiceResourceProvider.of(sluice).serviceToken,
      resourceType: TOPIC_RESOURCE,
      properties: { Topic: JSON.stringify(topic) },
    })
  }
}

/** A subscription's settings, as `admin.createSubscription` takes them, but the target. */
export type SubscriptionSettings = Omit<CreateSubscriptionInput, 'target' | 'topic'>

export interface LambdaSubscriptionProps extends SubscriptionSettings {
  sluice: Sluice
  /** The topic delivered; a `SluiceTopic` is created before the subscription. */
  topic: SluiceTopic | string
  /** The function invoked with each batch (a `DeliveryEvent`). */
  fn: IFunction
  /** Topics created before the subscription too: its dead-letter topic, an exactly-once output topic. */
  dependsOn?: SluiceTopic[]
}

/**
 * Delivers a topic to a Lambda function: lets Sluice's push function invoke `fn` (`grantDelivery`),
 * then creates the subscription, once the grant is in place.
 */
export class LambdaSubscription extends Construct {
  readonly name: string

  constructor(scope: Construct, id: string, props: LambdaSubscriptionProps) {
    super(scope, id)
    const { sluice, topic, fn, dependsOn = [], ...settings } = props
    this.name = settings.name
    const subscription: CreateSubscriptionInput = {
      ...settings,
      topic: typeof topic === 'string' ? topic : topic.name,
      target: { type: 'lambda', functionArn: fn.functionArn },
    }
    const resource = new CustomResource(this, 'Resource', {
      serviceToken: SluiceResourceProvider.of(sluice).serviceToken,
      resourceType: SUBSCRIPTION_RESOURCE,
      // JSON keeps numbers numbers; toJsonString puts the function's ARN in once deployed.
      properties: { Subscription: Stack.of(this).toJsonString(subscription) },
    })
    sluice.grantDelivery(fn).applyBefore(resource)
    for (const dependency of [topic, ...dependsOn]) {
      if (typeof dependency !== 'string') resource.node.addDependency(dependency)
    }
  }
}
