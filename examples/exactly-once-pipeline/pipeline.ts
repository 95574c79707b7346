/** One pricing member (see pricing.ts). Run: npx tsx examples/exactly-once-pipeline/pipeline.ts */
import { Sluice } from '@sluice/sdk'
import { createTopics } from './orders.js'
import { startPricing } from './pricing.js'

const sluice = new Sluice({ url: process.env.SLUICE_URL ?? 'http://127.0.0.1:4100' })
await createTopics(sluice)
const consumer = await startPricing(sluice)
process.once('SIGINT', () => void consumer.stop())
