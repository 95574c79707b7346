/**
 * Sluice's stack (its outputs: the URL, the root key command) with a courier ETA pipeline pushed to
 * Lambda: courier locations are delivered to your function (etas.ts), whose answers Sluice appends to
 * `courier-etas`, exactly once.
 */
import { fileURLToPath } from 'node:url'
import { Duration } from 'aws-cdk-lib'
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs'
import type { Construct } from 'constructs'
import { LAMBDA_RUNTIME } from '../../infra/lib/sluice.js'
import { SluiceStack, type SluiceStackProps } from '../../infra/lib/stack.js'
import { LambdaSubscription, SluiceTopic, type SubscriptionSettings } from './resources.js'
import { DEAD_LETTERS, ETAS, LOCATIONS } from './topics.js'

/** The subscription's settings; its topic and target come from the stack. */
export const ETA_SUBSCRIPTION: SubscriptionSettings = {
  name: 'courier-etas',
  delivery: 'exactly-once',
  startAt: 'earliest',
  batch: { maxRecords: 500, maxWaitMs: 1000 },
  retry: { maxAttempts: 3, minBackoffMs: 1000, maxBackoffMs: 60_000 },
  deadLetterTopic: DEAD_LETTERS,
}

export class EtaPipelineStack extends SluiceStack {
  readonly etas: NodejsFunction
  readonly subscription: LambdaSubscription

  constructor(scope: Construct, id: string, props: SluiceStackProps = {}) {
    super(scope, id, props)
    const { sluice } = this

    this.etas = new NodejsFunction(this, 'Etas', {
      entry: fileURLToPath(new URL('./etas.ts', import.meta.url)),
      runtime: LAMBDA_RUNTIME,
      timeout: Duration.seconds(30),
      description: 'Courier ETAs from locations, pushed by Sluice',
    })

    const locations = new SluiceTopic(this, 'Locations', { sluice, name: LOCATIONS, partitions: 8 })
    const etas = new SluiceTopic(this, 'EtaTopic', { sluice, name: ETAS, partitions: 8 })
    const deadLetters = new SluiceTopic(this, 'DeadLetters', { sluice, name: DEAD_LETTERS })
    this.subscription = new LambdaSubscription(this, 'EtaSubscription', {
      ...ETA_SUBSCRIPTION,
      sluice,
      topic: locations,
      fn: this.etas,
      dependsOn: [etas, deadLetters],
    })
  }
}
