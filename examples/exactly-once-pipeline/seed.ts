/** Sends N orders to `orders-raw`. Run: npx tsx examples/exactly-once-pipeline/seed.ts [N] */
import { Sluice } from '@sluice/sdk'
import { createTopics, seedOrders } from './orders.js'

const sluice = new Sluice({ url: process.env.SLUICE_URL ?? 'http://127.0.0.1:4100' })
await createTopics(sluice)
const count = Number(process.argv[2] ?? 100)
await seedOrders(sluice, count)
console.log(`sent ${count} orders`)
