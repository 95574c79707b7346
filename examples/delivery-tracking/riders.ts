/**
 * Rider simulator: N riders ride towards their order's customer and send a location update every
 * `--every` ms, keyed by rider id, so each rider's updates land on one partition, in order.
 * Run: npx tsx examples/delivery-tracking/riders.ts [--riders 20] [--every 500]
 */
import { parseArgs } from 'node:util'
import { LOCATIONS, type LocationUpdate, sluice } from './shared.js'

const { values } = parseArgs({
  options: { riders: { type: 'string', default: '20' }, every: { type: 'string', default: '500' } },
})
const riderCount = Number(values.riders)
const everyMs = Number(values.every)
const centre = { lat: 12.9716, lon: 77.5946 }
const jitter = () => (Math.random() - 0.5) * 0.05

const riders = Array.from({ length: riderCount }, (_, i) => ({
  riderId: `rider-${i + 1}`,
  orderId: `order-${1000 + i}`,
  seq: 0,
  lat: centre.lat + jitter(),
  lon: centre.lon + jitter(),
  destination: { lat: centre.lat + jitter(), lon: centre.lon + jitter() },
  speedMps: 4 + Math.random() * 6,
}))

const producer = sluice.producer({ lingerMs: 20 })
let sent = 0
const tick = setInterval(async () => {
  const messages = riders.map((rider) => {
    // A step of speed * interval towards the destination.
    const step = (rider.speedMps * everyMs) / 1000 / 111_000
    rider.lat +=
      Math.sign(rider.destination.lat - rider.lat) *
      Math.min(step, Math.abs(rider.destination.lat - rider.lat))
    rider.lon +=
      Math.sign(rider.destination.lon - rider.lon) *
      Math.min(step, Math.abs(rider.destination.lon - rider.lon))
    rider.seq++
    const update: LocationUpdate = { ...rider, at: Date.now() }
    return { key: rider.riderId, value: JSON.stringify(update) }
  })
  await producer.send({ topic: LOCATIONS, messages })
  sent += messages.length
  process.stdout.write(`\rsent ${sent} updates from ${riderCount} riders`)
}, everyMs)

process.once('SIGINT', async () => {
  clearInterval(tick)
  await producer.close()
  console.log(`\nstopped: ${sent} updates sent; last seq per rider = ${riders[0]?.seq}`)
})
