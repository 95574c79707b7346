/** Sends N orders to `orders-raw`. Run: npx tsx examples/exactly-once-pipeline/seed.ts [N] */
import { Sluice } from '@sluice/sdk'

const sluice = new Sluice({ url: process.env.SLUICE_URL ?? 'http://127.0.0.1:4100' })
await sluice.admin().createTopics({ topics: [{ topic: 'orders-raw', numPartitions: 4 }] })
const count = Number(process.argv[2] ?? 100)
const producer = sluice.producer()
await producer.send({
  topic: 'orders-raw',
  messages: Array.from({ length: count }, (_, i) => {
    const id = `order-${Date.now().toString(36)}-${i}`
    return { key: id, value: JSON.stringify({ id, items: 1 + (i % 5) }) }
  }),
})
await producer.close()
console.log(`sent ${count} orders`)
