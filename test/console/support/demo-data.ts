/**
 * Data that makes each console page show what it is for: topics with JSON, text and binary records,
 * groups with and without lag, a subscription delivering and one whose webhook fails, a few keys.
 */
import { commitGroupOffsets, Sluice } from '../../../sdk/src/index.js'
import { startWebhook } from '../../subscriptions/support.js'

export interface DemoData {
  sluice: Sluice
  /** Produces to `orders`, with `billing` committing behind it, until the returned function is called. */
  startTraffic(): () => Promise<void>
  stop(): Promise<void>
}

const customers = ['ada', 'grace', 'linus', 'margaret', 'ken', 'barbara']

const order = (n: number) => ({
  key: `customer-${customers[n % customers.length]}`,
  value: JSON.stringify({
    orderId: `ord-${1000 + n}`,
    items: [{ sku: `sku-${n % 7}`, quantity: 1 + (n % 3) }],
    totalCents: 1250 + n * 37,
    currency: 'EUR',
  }),
  headers: { source: 'checkout', 'trace-id': `t-${(n * 7919).toString(16)}` },
})

export async function seedDemoData(url: string): Promise<DemoData> {
  const sluice = new Sluice({ url })
  const admin = sluice.admin()
  await admin.createTopics({
    topics: [
      { topic: 'orders', numPartitions: 3 },
      { topic: 'payments', numPartitions: 2, retentionMs: 3 * 86_400_000 },
      { topic: 'rides', numPartitions: 2 },
      { topic: 'rides-dlq', numPartitions: 1, retentionMs: -1 },
    ],
  })
  const producer = sluice.producer({ lingerMs: 5 })
  await producer.send({ topic: 'orders', messages: Array.from({ length: 240 }, (_, n) => order(n)) })
  await producer.send({
    topic: 'payments',
    messages: [
      ...Array.from({ length: 12 }, (_, n) => ({ key: `pay-${n}`, value: `captured ${1250 + n * 37} EUR` })),
      { key: 'pay-raw', value: new Uint8Array([0x08, 0x96, 0x01, 0x12, 0x04, 0x45, 0x55, 0x52, 0xff]) },
    ],
  })
  await producer.send({
    topic: 'rides',
    messages: Array.from({ length: 20 }, (_, n) => ({
      key: `rider-${n % 5}`,
      value: JSON.stringify({ lat: 52.5 + n / 100, lon: 13.4 }),
    })),
  })

  await commitAll(sluice, 'audit', 'payments', 0.5)
  await commitAll(sluice, 'billing', 'orders', 0.6)

  const ok = await startWebhook()
  const failing = await startWebhook(() => ({ status: 503, body: { error: 'eta service warming up' } }))
  await admin.createSubscription({
    name: 'eta-board',
    topic: 'rides',
    target: { type: 'webhook', url: ok.url, secret: 'whsec_demo' },
    deadLetterTopic: 'rides-dlq',
    startAt: 'earliest',
  })
  await admin.createSubscription({
    name: 'fraud-check',
    topic: 'orders',
    target: { type: 'webhook', url: failing.url, secret: 'whsec_demo' },
    retry: { maxAttempts: 20, minBackoffMs: 2000, maxBackoffMs: 60_000 },
    startAt: 'earliest',
  })

  let n = 240
  return {
    sluice,
    startTraffic() {
      let flowing = true
      const flow = (async () => {
        while (flowing) {
          const burst = 20 + Math.round(15 * Math.sin(n / 40))
          await producer.send({ topic: 'orders', messages: Array.from({ length: burst }, () => order(n++)) })
          await commitAll(sluice, 'billing', 'orders', 0.9)
          await new Promise((resolve) => setTimeout(resolve, 400))
        }
      })()
      return async () => {
        flowing = false
        await flow
      }
    },
    async stop() {
      await producer.close()
      await ok.close()
      await failing.close()
    },
  }
}

/** Commits `share` of each partition's records for the group, as a consumer that far along would. */
async function commitAll(sluice: Sluice, group: string, topic: string, share: number) {
  const offsets = await sluice.admin().fetchTopicOffsets(topic)
  await sluice.execute(
    commitGroupOffsets({
      group,
      topic,
      offsets: offsets.map((p) => ({ partition: p.partition, offset: Math.floor(p.high * share) })),
    }),
  )
}
