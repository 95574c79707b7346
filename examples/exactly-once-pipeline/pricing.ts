/**
 * Exactly-once read-process-write: a member of the group `pricing` reads orders from `orders-raw`,
 * prices them, and writes each to `orders-priced` in the same transaction that commits its input
 * offset. Kill members at any moment and start them again (or run several): every order is priced
 * exactly once.
 */
import type { Consumer, Sluice } from '@sluice/sdk'
import { type Order, PRICED, price, RAW } from './orders.js'

export async function startPricing(
  sluice: Sluice,
  log: (line: string) => void = console.log,
): Promise<Consumer> {
  const consumer = sluice.consumer({ groupId: 'pricing' })
  await consumer.subscribe({ topics: [RAW], fromBeginning: true })
  await consumer.run({
    autoCommit: false, // the transaction commits
    eachMessage: async ({ topic, partition, message }) => {
      const order = JSON.parse(message.value ?? '{}') as Order
      await sluice.transaction({
        produce: [{ topic: PRICED, messages: [{ key: order.id, value: JSON.stringify(price(order)) }] }],
        commit: { consumer, offsets: [{ topic, partition, offset: message.offset + 1 }] },
      })
      log(`priced ${order.id} (${topic}/${partition}@${message.offset})`)
    },
  })
  return consumer
}
