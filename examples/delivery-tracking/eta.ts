/**
 * The ETA service: a member of the consumer group `eta-service`. Start several; they share the
 * partitions (watch the rebalance lines), and each rider's updates reach one member, in order.
 * For every update it checks the rider's sequence (a gap would be a lost update; a repeat is a
 * redelivery after a crash, skipped), computes the order's ETA and publishes it to `order-etas`.
 * Run: npx tsx examples/delivery-tracking/eta.ts [--name eta-1] [--crash-after 200]
 * `--crash-after N` exits abruptly after N updates, without releasing its partitions or committing:
 * another member takes them over within about leaseMs plus one renewal, from the last commit.
 */
import { parseArgs } from 'node:util'
import { ETAS, LOCATIONS, type LocationUpdate, metres, sluice } from './shared.js'

const { values } = parseArgs({
  options: { name: { type: 'string', default: `eta-${process.pid}` }, 'crash-after': { type: 'string' } },
})
const crashAfter =
  values['crash-after'] === undefined ? Number.POSITIVE_INFINITY : Number(values['crash-after'])
const name = values.name as string

/** The last sequence number seen per rider: the group's state lives in the topic, this is only a check. */
const lastSeq = new Map<string, number>()
let handled = 0
let redelivered = 0

const consumer = sluice.consumer({ groupId: 'eta-service', memberId: name, leaseMs: 6000 })
const etas = sluice.producer({ lingerMs: 20 })
consumer.on('rebalance', ({ assigned, revoked }) => {
  const list = (ps: Array<{ partition: number }>) => ps.map((p) => p.partition).join(',') || '-'
  console.log(
    `[${name}] rebalance: took ${list(assigned)}, gave up ${list(revoked)}; now ${list(consumer.assignment())}`,
  )
})

await consumer.subscribe({ topics: [LOCATIONS], fromBeginning: true })
await consumer.run({
  eachMessage: async ({ partition, message }) => {
    const update = JSON.parse(message.value ?? '{}') as LocationUpdate
    const previous = lastSeq.get(update.riderId)
    if (previous !== undefined && update.seq <= previous) {
      redelivered++ // at-least-once: after a takeover the last uncommitted updates come again
      return
    }
    if (previous !== undefined && update.seq !== previous + 1) {
      console.error(`[${name}] ${update.riderId}: update ${previous + 1} missing before ${update.seq}`)
    }
    lastSeq.set(update.riderId, update.seq)
    const etaSeconds = Math.round(metres(update, update.destination) / update.speedMps)
    await etas.send({
      topic: ETAS,
      messages: [
        {
          key: update.orderId,
          value: JSON.stringify({ orderId: update.orderId, etaSeconds, at: update.at }),
        },
      ],
    })
    if (++handled % 100 === 0) {
      console.log(
        `[${name}] ${handled} updates (p${partition} ${update.riderId} seq ${update.seq}: ETA ${etaSeconds}s), ${redelivered} redelivered`,
      )
    }
    if (handled >= crashAfter) {
      console.log(`[${name}] crashing now, without releasing or committing`)
      process.exit(1)
    }
  },
})

process.once('SIGINT', async () => {
  await consumer.stop() // commits, releases: the others take over at once
  await etas.close()
  console.log(`[${name}] left the group after ${handled} updates`)
})
