/**
 * Creates the topic and the `eta-board` subscription (once), then sends a few ETA updates.
 * Run: npx tsx examples/webhook-subscription/demo.ts [--hook http://127.0.0.1:4300/hook] [--riders 3]
 * Run it again to send the updates again: the topic and the subscription are kept.
 */
import { parseArgs } from 'node:util'
import { SubscriptionExistsError } from '@sluice/sdk'
import { type EtaUpdate, PARTITIONS, SUBSCRIPTION, secretFromEnv, sluiceFromEnv, TOPIC } from './shared.js'

const { values } = parseArgs({
  options: {
    hook: { type: 'string', default: 'http://127.0.0.1:4300/hook' },
    riders: { type: 'string', default: '3' },
  },
})

const sluice = sluiceFromEnv()
const admin = sluice.admin()
await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: PARTITIONS }] })
try {
  await admin.createSubscription({
    name: SUBSCRIPTION,
    topic: TOPIC,
    target: { type: 'webhook', url: values.hook, secret: secretFromEnv() },
    // Delivery starts with the records produced from now on (the default). A failing batch is tried 8
    // times, 1 s apart at first and 15 s at most: about a minute to bring a stopped board back.
    retry: { maxAttempts: 8, minBackoffMs: 1000, maxBackoffMs: 15_000 },
  })
  console.log(`created subscription ${SUBSCRIPTION}: ${TOPIC} -> ${values.hook}`)
} catch (error) {
  if (!(error instanceof SubscriptionExistsError)) throw error
  console.log(`subscription ${SUBSCRIPTION} exists already; sending more updates`)
}

// Three updates a rider, counting down by 5 minutes: rider-1 arrives, rider-2 ends at 5 min, rider-3 at 10.
const riders = Array.from({ length: Number(values.riders) }, (_, i) => `rider-${i + 1}`)
const producer = sluice.producer()
for (let step = 0; step < 3; step++) {
  const updates: EtaUpdate[] = riders.map((rider, i) => ({
    rider,
    etaMinutes: Math.max(0, 10 + 5 * i - 5 * step),
  }))
  await producer.send({
    topic: TOPIC,
    messages: updates.map((update) => ({ key: update.rider, value: JSON.stringify(update) })),
  })
}
await producer.close()
console.log(`sent ${riders.length * 3} updates; see them with: curl -s http://127.0.0.1:4300/board`)
