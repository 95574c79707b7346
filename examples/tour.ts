/** The README's tour of the SDK. Run: npx tsx examples/tour.ts (Ctrl-C to stop) */
import { Sluice } from '@sluice/sdk'

const sluice = new Sluice({ url: process.env.SLUICE_URL ?? 'http://127.0.0.1:4100' }) // + apiKey when deployed
await sluice.admin().createTopics({ topics: [{ topic: 'rides', numPartitions: 3 }] }) // false if it exists

const producer = sluice.producer() // batches for 5 ms, idempotent, retries with jittered backoff
const [placed] = await producer.send({
  topic: 'rides',
  messages: [{ key: 'rider-7', value: '{"lat":12.95}' }],
})
console.log(placed) // { topic: 'rides', partition: 0, offset: 0, timestamp: ... }
await producer.close() // flushes, then refuses sends

// A member of a consumer group: members share the partitions, each consumed in offset order.
const consumer = sluice.consumer({ groupId: 'tour' })
consumer.on('rebalance', ({ assigned, revoked }) => console.log({ assigned, revoked }))
await consumer.subscribe({ topics: ['rides'], fromBeginning: true })
await consumer.run({
  eachMessage: async ({ partition, message }) =>
    console.log(`${partition}@${message.offset}`, message.key, message.value),
})
process.once('SIGINT', () => void consumer.stop()) // commits, releases its partitions, leaves the group
