/** The pipeline's topics and orders, shared by the seeder, the pricing members and the test. */
import type { Sluice } from '@sluice/sdk'

export const RAW = 'orders-raw'
export const PRICED = 'orders-priced'

export interface Order {
  id: string
  items: number
}

export interface PricedOrder extends Order {
  total: number
}

/** Creates both topics; existing ones are kept. */
export async function createTopics(sluice: Sluice): Promise<void> {
  await sluice.admin().createTopics({
    topics: [
      { topic: RAW, numPartitions: 4 },
      { topic: PRICED, numPartitions: 4 },
    ],
  })
}

/** Sends `count` orders to `orders-raw`; answers their ids. */
export async function seedOrders(sluice: Sluice, count: number): Promise<string[]> {
  const producer = sluice.producer()
  const orders: Order[] = Array.from({ length: count }, (_, i) => ({
    id: `order-${Date.now().toString(36)}-${i}`,
    items: 1 + (i % 5),
  }))
  await producer.send({
    topic: RAW,
    messages: orders.map((order) => ({ key: order.id, value: JSON.stringify(order) })),
  })
  await producer.close()
  return orders.map((order) => order.id)
}

export function price(order: Order): PricedOrder {
  return { ...order, total: order.items * 4.5 }
}
