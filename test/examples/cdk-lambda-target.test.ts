/**
 * examples/cdk-lambda-target: the stack synthesises (no AWS account: bundling skipped, as test/infra
 * does), and what it deploys runs. The custom resources' function gets the events CloudFormation would
 * send, with the properties taken from the synthesized template, and creates the topics and the
 * subscription on the real local service (auth on, the root key read from a Secrets Manager stand-in);
 * the service then delivers to the example's handler through the real AWS SDK Lambda client, against
 * the local stand-in of Lambda's Invoke API.
 */
import { App, type CfnElement } from 'aws-cdk-lib'
import { Template } from 'aws-cdk-lib/assertions'
import type { CloudFormationCustomResourceEvent } from 'aws-lambda'
import type { IConstruct } from 'constructs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { handler as etas } from '../../examples/cdk-lambda-target/etas.js'
import { handler as resourceHandler } from '../../examples/cdk-lambda-target/resource-handler.js'
import { SUBSCRIPTION_RESOURCE, TOPIC_RESOURCE } from '../../examples/cdk-lambda-target/resource-types.js'
import { SluiceResourceProvider } from '../../examples/cdk-lambda-target/resources.js'
import { EtaPipelineStack } from '../../examples/cdk-lambda-target/stack.js'
import {
  DEAD_LETTERS,
  ETAS,
  type Eta,
  LOCATIONS,
  type Location,
} from '../../examples/cdk-lambda-target/topics.js'
import { localAuthenticator } from '../../functions/auth/from-env.js'
import { type LambdaStandIn, startLambdaStandIn } from '../../functions/local/lambda-standin.js'
import type { RunningService } from '../../functions/local/serve.js'
import { localCredentials } from '../../functions/storage/dynamo-clients.js'
import { lazyLambdaClients } from '../../functions/subscriptions/lambda-sdk.js'
import { lambdaTargets } from '../../functions/subscriptions/targets/lambda.js'
import { type DeliveryEvent, Sluice, SubscriptionNotFoundError } from '../../sdk/src/index.js'
import { eventually } from '../groups-sdk/support.js'
import { readAll } from '../sdk/support/topics.js'
import { type SecretsManagerStandIn, startSecretsManager } from '../support/secrets-manager.js'
import { startTestService } from '../support/service.js'

type Resource = { Type: string; Properties: Record<string, unknown>; DependsOn?: string[] }
type Statement = { Action: string | string[]; Resource: unknown }

// One synthesis shared by every test; bundling skipped, as in test/infra.
const app = new App({ builtinCloudFormationValidation: false, context: { 'aws:cdk:bundling-stacks': [] } })
const stack = new EtaPipelineStack(app, 'EtaPipeline')
const template = Template.fromStack(stack)
const logicalId = (construct: IConstruct) => stack.getLogicalId(construct.node.defaultChild as CfnElement)
const resourcesOf = (type: string) => template.findResources(type) as Record<string, Resource>

describe('the stack', () => {
  it('lets Sluice’s push function invoke the function, and nothing else', () => {
    const invoking = Object.values(resourcesOf('AWS::IAM::Policy')).flatMap((policy) =>
      (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement.filter((s) =>
        [s.Action].flat().includes('lambda:InvokeFunction'),
      ).map((s) => ({ roles: policy.Properties.Roles, resource: s.Resource })),
    )
    expect(invoking).toContainEqual({
      roles: [{ Ref: logicalId(stack.sluice.functions.push.role as IConstruct) }],
      resource: { 'Fn::GetAtt': [logicalId(stack.etas), 'Arn'] },
    })
  })

  it('creates the subscription after the grant and its topics, with the function’s ARN as target', () => {
    const [[id, subscription]] = Object.entries(resourcesOf(SUBSCRIPTION_RESOURCE)) as [[string, Resource]]
    expect(id).toBe(logicalId(stack.subscription.node.findChild('Resource')))
    const topicIds = Object.keys(resourcesOf(TOPIC_RESOURCE))
    expect(topicIds).toHaveLength(3)
    expect(subscription.DependsOn).toEqual(expect.arrayContaining(topicIds))
    expect(subscription.DependsOn?.some((d) => /^SluicepushRoleDefaultPolicy/.test(d))).toBe(true)
    expect(JSON.stringify(subscription.Properties.Subscription)).toContain(
      JSON.stringify({ 'Fn::GetAtt': [logicalId(stack.etas), 'Arn'] }),
    )
  })

  it('gives the resources’ function the service URL and the root key, readable by it', () => {
    const { onEvent } = SluiceResourceProvider.of(stack.sluice)
    const fn = resourcesOf('AWS::Lambda::Function')[logicalId(onEvent)] as Resource
    const { Variables } = fn.Properties.Environment as { Variables: Record<string, unknown> }
    expect(Object.keys(Variables)).toEqual(
      expect.arrayContaining(['SLUICE_URL', 'SLUICE_ROOT_KEY_SECRET_ARN']),
    )
    const rootKey = { Ref: logicalId(stack.sluice.rootKey) }
    const reads = Object.values(resourcesOf('AWS::IAM::Policy')).filter((policy) =>
      (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement.some(
        (s) =>
          [s.Action].flat().includes('secretsmanager:GetSecretValue') &&
          JSON.stringify(s.Resource) === JSON.stringify(rootKey),
      ),
    )
    expect(reads.map((p) => p.Properties.Roles)).toContainEqual([
      { Ref: logicalId(onEvent.role as IConstruct) },
    ])
  })
})

const location = (courierId: string, orderId: string, metresAway: number): Location => ({
  courierId,
  orderId,
  lat: 12.97,
  lon: 77.59,
  // About 111 km a degree of latitude.
  destination: { lat: 12.97 + metresAway / 111_195, lon: 77.59 },
  speedMps: 10,
})

describe('the function', () => {
  const event = (values: Array<string | null>): DeliveryEvent => ({
    subscription: 'courier-etas',
    topic: LOCATIONS,
    partition: 3,
    attempt: 1,
    encoding: 'utf8',
    records: values.map((value, i) => ({
      offset: 10 + i,
      timestamp: 1000 + i,
      key: 'c',
      value,
      headers: {},
    })),
  })

  it('answers an ETA per location, keyed by order, to be appended with the commit', async () => {
    const answer = await etas(event([JSON.stringify(location('c1', 'o1', 3000))]))
    expect(answer).toEqual({
      produce: [
        {
          topic: ETAS,
          records: [{ key: 'o1', value: expect.any(String), headers: { 'source-offset': '3/10' } }],
        },
      ],
    })
    const eta = JSON.parse(answer.produce?.[0]?.records[0]?.value as string) as Eta
    expect(eta).toEqual({ orderId: 'o1', courierId: 'c1', etaSeconds: 300, at: 1000 })
  })

  it('stops at a record that is no location: the ones before it succeed', async () => {
    const answer = await etas(event([JSON.stringify(location('c1', 'o1', 100)), 'not json', null]))
    expect(answer.failedOffset).toBe(11)
    expect(answer.produce?.[0]?.records).toHaveLength(1)
  })
})

/** The resource's properties as CloudFormation would send them, with the function's ARN resolved. */
function resolvedProperties(resource: Resource, functionArn: string): Record<string, unknown> {
  const resolve = (value: unknown): unknown => {
    if (typeof value === 'string') return value
    const join = (value as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join']
    if (join) return join[1].map(resolve).join(join[0])
    const getAtt = (value as { 'Fn::GetAtt'?: [string, string] })['Fn::GetAtt']
    if (getAtt?.[0] === logicalId(stack.etas) && getAtt[1] === 'Arn') return functionArn
    throw new Error(`cannot resolve ${JSON.stringify(value)}`)
  }
  const { ServiceToken: _, ...properties } = resource.Properties
  return Object.fromEntries(Object.entries(properties).map(([name, value]) => [name, resolve(value)]))
}

describe('deployed, on the local service', { timeout: 120_000 }, () => {
  const ACCOUNT = '111122223333'
  const FUNCTION_ARN = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:courier-etas`
  const ROOT_KEY = 'root-key-of-the-eta-pipeline-test'
  const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:sluice-root'
  const savedEnv = { ...process.env }
  let lambda: LambdaStandIn
  let secretsManager: SecretsManagerStandIn
  let service: RunningService
  let sluice: Sluice

  beforeAll(async () => {
    lambda = await startLambdaStandIn({ accountId: ACCOUNT })
    lambda.register(FUNCTION_ARN, (event) => etas(event as DeliveryEvent))
    secretsManager = await startSecretsManager()
    secretsManager.secrets.set(SECRET_ARN, ROOT_KEY)
    service = await startTestService({
      engine: {
        subscriptions: {
          lambdaTarget: lambdaTargets({
            accountId: ACCOUNT,
            clients: lazyLambdaClients({
              endpoint: lambda.url,
              credentials: localCredentials,
              maxAttempts: 1,
            }),
          }),
        },
      },
      app: (deps) => ({
        authenticator: localAuthenticator(deps.keys, { SLUICE_AUTH: 'on', SLUICE_ROOT_KEY: ROOT_KEY }),
      }),
    })
    sluice = new Sluice({ url: service.url, apiKey: ROOT_KEY })
    // The resources' function's environment, as the stack sets it, and what Lambda gives it.
    Object.assign(process.env, {
      SLUICE_URL: service.url,
      SLUICE_ROOT_KEY_SECRET_ARN: SECRET_ARN,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secretsManager.endpoint,
    })
  }, 120_000)
  afterAll(async () => {
    process.env = savedEnv
    await service?.stop()
    await lambda?.stop()
    await secretsManager?.stop()
  })

  /** A CloudFormation request for the template's resource `id`. */
  function cfnEvent(
    id: string,
    request: 'Create' | 'Update' | 'Delete',
    properties: Record<string, unknown>,
    old?: { physicalId: string; properties: Record<string, unknown> },
  ): CloudFormationCustomResourceEvent {
    const resource = template.toJSON().Resources[id] as Resource
    const common = {
      ServiceToken: 'arn:aws:lambda:us-east-1:111122223333:function:provider',
      ResponseURL: 'https://cloudformation-custom-resource-response.example/',
      StackId: 'arn:aws:cloudformation:us-east-1:111122223333:stack/EtaPipeline/1',
      RequestId: `${request}-${id}`,
      LogicalResourceId: id,
      ResourceType: resource.Type,
      ResourceProperties: { ServiceToken: 'provider', ...properties },
    }
    if (request === 'Create') return { ...common, RequestType: 'Create' }
    const physical = old?.physicalId as string
    if (request === 'Delete') return { ...common, RequestType: 'Delete', PhysicalResourceId: physical }
    return {
      ...common,
      RequestType: 'Update',
      PhysicalResourceId: physical,
      OldResourceProperties: { ServiceToken: 'provider', ...old?.properties },
    }
  }

  it('creates the topics and the subscription; ETAs are appended once each, a bad record dead-lettered', async () => {
    const topics = Object.entries(resourcesOf(TOPIC_RESOURCE))
    for (const [id, resource] of topics) {
      const answer = await resourceHandler(cfnEvent(id, 'Create', resolvedProperties(resource, FUNCTION_ARN)))
      expect(JSON.parse(resource.Properties.Topic as string).name).toBe(answer.PhysicalResourceId)
    }
    expect((await sluice.admin().listTopics()).sort()).toEqual([DEAD_LETTERS, ETAS, LOCATIONS].sort())
    expect(secretsManager.calls).toBeGreaterThanOrEqual(topics.length)

    const [[id, resource]] = Object.entries(resourcesOf(SUBSCRIPTION_RESOURCE)) as [[string, Resource]]
    const properties = resolvedProperties(resource, FUNCTION_ARN)
    const created = await resourceHandler(cfnEvent(id, 'Create', properties))
    expect(created).toEqual({ PhysicalResourceId: 'courier-etas' })
    expect(await sluice.admin().describeSubscription('courier-etas')).toMatchObject({
      topic: LOCATIONS,
      target: { type: 'lambda', functionArn: FUNCTION_ARN },
      delivery: 'exactly-once',
      deadLetterTopic: DEAD_LETTERS,
    })

    const producer = sluice.producer({ lingerMs: 0 })
    const orders = Array.from({ length: 12 }, (_, i) => `order-${i}`)
    await producer.send({
      topic: LOCATIONS,
      messages: [
        ...orders.map((order, i) => ({
          key: `courier-${i % 4}`,
          value: JSON.stringify(location(`courier-${i % 4}`, order, 1000 * (i + 1))),
        })),
        { key: 'courier-0', value: 'not a location' },
      ],
    })
    await producer.close()

    const appended = await eventually(async () => {
      const records = [...(await readAll(sluice, ETAS)).values()].flat()
      expect(records.length).toBeGreaterThanOrEqual(orders.length)
      return records
    }, 90_000)
    const etasByOrder = appended.map((r) => JSON.parse(r.value as string) as Eta)
    expect(etasByOrder.map((e) => e.orderId).sort()).toEqual([...orders].sort())
    expect(etasByOrder.find((e) => e.orderId === 'order-2')?.etaSeconds).toBe(300)
    const [letter] = await eventually(async () => {
      const letters = [...(await readAll(sluice, DEAD_LETTERS)).values()].flat()
      expect(letters).toHaveLength(1)
      return letters
    }, 90_000)
    expect(letter).toMatchObject({
      value: 'not a location',
      headers: expect.objectContaining({
        'sluice-dlq-subscription': 'courier-etas',
        'sluice-dlq-topic': LOCATIONS,
      }),
    })

    // A deploy that changes the batch changes the subscription in place; one that changes its delivery
    // mode is refused, saying how to replace it.
    const spec = JSON.parse(properties.Subscription as string)
    const bigger = { Subscription: JSON.stringify({ ...spec, batch: { maxRecords: 1000, maxWaitMs: 0 } }) }
    const old = { physicalId: 'courier-etas', properties }
    await resourceHandler(cfnEvent(id, 'Update', bigger, old))
    expect((await sluice.admin().describeSubscription('courier-etas')).batch).toMatchObject({
      maxRecords: 1000,
      maxWaitMs: 0,
    })
    const atLeastOnce = { Subscription: JSON.stringify({ ...spec, delivery: 'at-least-once' }) }
    await expect(resourceHandler(cfnEvent(id, 'Update', atLeastOnce, old))).rejects.toThrow(
      "a subscription's delivery cannot change: give it another name to replace it",
    )

    await resourceHandler(cfnEvent(id, 'Delete', properties, old))
    await expect(sluice.admin().describeSubscription('courier-etas')).rejects.toBeInstanceOf(
      SubscriptionNotFoundError,
    )
    // Deleted again (CloudFormation retries a delete whose answer it missed): nothing to do.
    await resourceHandler(cfnEvent(id, 'Delete', properties, old))
    for (const [topicId, topic] of topics) {
      const name = JSON.parse(topic.Properties.Topic as string).name
      await resourceHandler(
        cfnEvent(topicId, 'Delete', resolvedProperties(topic, FUNCTION_ARN), {
          physicalId: name,
          properties: {},
        }),
      )
    }
    expect(await sluice.admin().listTopics()).toHaveLength(3)
  })
})
