/**
 * The function behind the `SluiceTopic` and `SluiceSubscription` resources (resources.ts): CloudFormation
 * asks it to create, update or delete them, and it asks Sluice, with the stack's root key. Run by CDK's
 * custom resource provider framework, which answers CloudFormation for it.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import {
  alterTopic,
  type CreateSubscriptionInput,
  describeTopic,
  Sluice,
  SubscriptionNotFoundError,
} from '@sluice/sdk'
import type { CloudFormationCustomResourceEvent } from 'aws-lambda'
import { SUBSCRIPTION_RESOURCE, TOPIC_RESOURCE, type TopicSpec } from './resource-types.js'

/** What the provider framework takes back: the resource's id (a topic's or subscription's name). */
export interface ResourceAnswer {
  PhysicalResourceId: string
}

export async function handler(event: CloudFormationCustomResourceEvent): Promise<ResourceAnswer> {
  const url = process.env.SLUICE_URL
  const secretArn = process.env.SLUICE_ROOT_KEY_SECRET_ARN
  if (!url || !secretArn) throw new Error('SLUICE_URL and SLUICE_ROOT_KEY_SECRET_ARN must be set')
  const secret = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: secretArn }))
  return applyResource(new Sluice({ url, apiKey: secret.SecretString as string }), event)
}

/** Makes Sluice hold what the event asks for. */
export function applyResource(
  sluice: Sluice,
  event: CloudFormationCustomResourceEvent,
): Promise<ResourceAnswer> {
  if (event.ResourceType === TOPIC_RESOURCE) return applyTopic(sluice, event)
  if (event.ResourceType === SUBSCRIPTION_RESOURCE) return applySubscription(sluice, event)
  throw new Error(`no such resource type: ${event.ResourceType}`)
}

const specOf = <T>(properties: Record<string, unknown>, name: string): T =>
  JSON.parse(properties[name] as string) as T

/**
 * Creates the topic, or takes one that exists as it is; grows its partitions and changes its retention
 * on update. A deleted resource leaves the topic and its records: delete them with `sluice topics delete`.
 */
async function applyTopic(sluice: Sluice, event: CloudFormationCustomResourceEvent): Promise<ResourceAnswer> {
  const topic = specOf<TopicSpec>(event.ResourceProperties, 'Topic')
  if (event.RequestType === 'Delete') return { PhysicalResourceId: event.PhysicalResourceId }
  const existed = !(await sluice.admin().createTopics({
    topics: [{ topic: topic.name, numPartitions: topic.partitions, retentionMs: topic.retentionMs }],
  }))
  if (existed) {
    const current = await sluice.execute(describeTopic(topic.name))
    const grow = topic.partitions !== undefined && topic.partitions > current.partitions
    const retain = topic.retentionMs !== undefined && topic.retentionMs !== current.retentionMs
    if (grow || retain) {
      await sluice.execute(
        alterTopic(topic.name, {
          ...(grow ? { partitions: topic.partitions } : {}),
          ...(retain ? { retentionMs: topic.retentionMs } : {}),
        }),
      )
    }
  }
  return { PhysicalResourceId: topic.name }
}

/** What a subscription cannot change in place: a change of these needs a subscription of another name. */
const FIXED = ['topic', 'group', 'delivery', 'startAt'] as const

async function applySubscription(
  sluice: Sluice,
  event: CloudFormationCustomResourceEvent,
): Promise<ResourceAnswer> {
  const admin = sluice.admin()
  if (event.RequestType === 'Delete') {
    await admin.deleteSubscription(event.PhysicalResourceId).catch((error: unknown) => {
      if (!(error instanceof SubscriptionNotFoundError)) throw error
    })
    return { PhysicalResourceId: event.PhysicalResourceId }
  }
  const wanted = specOf<CreateSubscriptionInput>(event.ResourceProperties, 'Subscription')
  if (event.RequestType === 'Create' || wanted.name !== event.PhysicalResourceId) {
    // A new name is a new resource: CloudFormation then deletes the one of the old name.
    await admin.createSubscription(wanted)
    return { PhysicalResourceId: wanted.name }
  }
  const before = specOf<CreateSubscriptionInput>(event.OldResourceProperties, 'Subscription')
  const fixed = FIXED.filter((field) => JSON.stringify(before[field]) !== JSON.stringify(wanted[field]))
  if (fixed.length > 0) {
    throw new Error(`a subscription's ${fixed.join(', ')} cannot change: give it another name to replace it`)
  }
  // A retry policy given counts as changed, which unblocks blocked partitions: given only when it changed.
  const retryChanged = JSON.stringify(before.retry) !== JSON.stringify(wanted.retry)
  await admin.alterSubscription(wanted.name, {
    target: wanted.target,
    batch: wanted.batch ?? {},
    ...(retryChanged ? { retry: wanted.retry ?? {} } : {}),
    deadLetterTopic: wanted.deadLetterTopic ?? null,
  })
  return { PhysicalResourceId: wanted.name }
}
