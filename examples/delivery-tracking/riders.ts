/**
 * Rider simulator: N riders ride towards their order's customer and send a location update every
 * `--every` ms, keyed by rider id, so each rider's updates land on one partition, in order.
 * Run: npx tsx examples/delivery-tracking/riders.ts [--riders 20] [--every 500]
 */
import { parseArgs } from 'node:util'
import { RiderFleet } from './fleet.js'
import { LOCATIONS, sluiceFromEnv } from './shared.js'

const { values } = parseArgs({
  options: { riders: { type: 'string', default: '20' }, every: { type: 'string', default: '500' } },
})
const riderCount = Number(values.riders)
const everyMs = Number(values.every)

const fleet = new RiderFleet(riderCount)
const producer = sluiceFromEnv().producer({ lingerMs: 20 })
let sent = 0
const tick = setInterval(async () => {
  const messages = fleet.tick(everyMs)
  await producer.send({ topic: LOCATIONS, messages })
  sent += messages.length
  process.stdout.write(`\rsent ${sent} updates from ${riderCount} riders`)
}, everyMs)

process.once('SIGINT', async () => {
  clearInterval(tick)
  await producer.close()
  console.log(`\nstopped: ${sent} updates sent; last seq per rider = ${fleet.seq}`)
})
