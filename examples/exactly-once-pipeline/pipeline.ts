/**
 * Exactly-once read-process-write: orders from `orders-raw` are enriched and written to
 * `orders-priced`, and the input offset is committed in the same transaction as the output. Kill
 * this process at any moment and start it again (or run several): every order is priced exactly once.
 * Run: npx tsx examples/exactly-once-pipeline/pipeline.ts   (and seed.ts to send orders)
 */
import { Sluice } from '@sluice/sdk'

const sluice = new Sluice({ url: process.env.SLUICE_URL ?? 'http://127.0.0.1:4100' })
await sluice.admin().createTopics({
  topics: [
    { topic: 'orders-raw', numPartitions: 4 },
    { topic: 'orders-priced', numPartitions: 4 },
  ],
})

const consumer = sluice.consumer({ groupId: 'pricing' })
await consumer.subscribe({ topics: ['orders-raw'], fromBeginning: true })
await consumer.run({
  autoCommit: false, // the transaction commits
  eachMessage: async ({ topic, partition, message }) => {
    const order = JSON.parse(message.value ?? '{}') as { id: string; items: number }
    const priced = { ...order, total: order.items * 4.5 }
    await sluice.transaction({
      produce: [{ topic: 'orders-priced', messages: [{ key: order.id, value: JSON.stringify(priced) }] }],
      commit: { consumer, offsets: [{ topic, partition, offset: message.offset + 1 }] },
    })
    console.log(`priced ${order.id} (${topic}/${partition}@${message.offset})`)
  },
})
process.once('SIGINT', () => void consumer.stop())
