/**
 * The ETA service: a member of the consumer group `eta-service`. Members share the partitions of
 * `rider-locations`, and each rider's updates reach one member at a time, in order. For each update
 * the member checks the rider's sequence (a gap would be a lost update), skips it if an earlier owner
 * of the partition handled it already (a redelivery: at-least-once), and otherwise publishes the
 * order's ETA to `order-etas`.
 */
import type { Consumer, Sluice } from '@sluice/sdk'
import { type Gap, PartitionProgress, SOURCE_OFFSET } from './partition-progress.js'
import { ETAS, type Eta, GROUP, LOCATIONS, type LocationUpdate, metres, PARTITIONS } from './shared.js'

export interface MissingUpdate extends Gap {
  riderId: string
}

export interface EtaStats {
  /** Updates whose ETA this member published. */
  handled: number
  /** Updates delivered again after an earlier owner of their partition had published their ETA. */
  redelivered: number
  missing: MissingUpdate[]
}

export interface EtaMemberOptions {
  /** The member id in the group. */
  name: string
  /** Default 6,000: a crashed member's partitions move within about 8 s. */
  leaseMs?: number
  /** Called once an update's ETA is published, before its batch is committed. */
  onHandled?: (stats: EtaStats) => void
  log?: Pick<Console, 'log' | 'error'>
}

export interface EtaMember {
  readonly consumer: Consumer
  readonly stats: EtaStats
  /** Commits, releases its partitions (the others take them at once) and leaves the group. */
  stop(): Promise<void>
}

export async function startEtaMember(sluice: Sluice, options: EtaMemberOptions): Promise<EtaMember> {
  const { name, log = console } = options
  const stats: EtaStats = { handled: 0, redelivered: 0, missing: [] }
  /** Per partition held: what this member knows of it under its current lease, read when first needed. */
  const progress = new Map<number, Promise<PartitionProgress>>()
  const progressOf = (partition: number) => {
    const known = progress.get(partition) ?? PartitionProgress.load(sluice, partition)
    progress.set(partition, known)
    return known
  }
  const consumer = sluice.consumer({ groupId: GROUP, memberId: name, leaseMs: options.leaseMs ?? 6000 })
  const etas = sluice.producer() // sends of the partitions handled side by side share requests
  consumer.on('rebalance', ({ assigned, revoked }) => {
    for (const { partition } of [...assigned, ...revoked]) progress.delete(partition)
    const list = (ps: Array<{ partition: number }>) => ps.map((p) => p.partition).join(',') || '-'
    log.log(
      `[${name}] rebalance: took ${list(assigned)}, gave up ${list(revoked)}; now ${list(consumer.assignment())}`,
    )
  })

  await consumer.subscribe({ topics: [LOCATIONS], fromBeginning: true })
  await consumer.run({
    partitionsConsumedConcurrently: PARTITIONS, // each partition still in offset order
    eachMessage: async ({ partition, message }) => {
      const update = JSON.parse(message.value ?? '{}') as LocationUpdate
      const known = await progressOf(partition)
      const gap = known.follow(update.riderId, update.seq)
      if (gap) {
        stats.missing.push({ riderId: update.riderId, ...gap })
        log.error(`[${name}] ${update.riderId}: update ${gap.expected} missing before ${gap.got}`)
      }
      if (message.offset < known.handledBelow) {
        stats.redelivered++ // handled before a crash, not committed: at-least-once delivers it again
        return
      }
      const eta: Eta = {
        orderId: update.orderId,
        riderId: update.riderId,
        seq: update.seq,
        etaSeconds: Math.round(metres(update, update.destination) / update.speedMps),
        at: update.at,
      }
      await etas.send({
        topic: ETAS,
        messages: [
          {
            key: eta.orderId,
            value: JSON.stringify(eta),
            partition, // order-etas partition p holds the ETAs of rider-locations partition p
            headers: { [SOURCE_OFFSET]: String(message.offset) },
          },
        ],
      })
      if (++stats.handled % 100 === 0) {
        log.log(
          `[${name}] ${stats.handled} updates (p${partition} ${eta.riderId} seq ${eta.seq}: ETA ${eta.etaSeconds}s), ${stats.redelivered} redelivered`,
        )
      }
      options.onHandled?.(stats)
    },
  })

  return {
    consumer,
    stats,
    async stop() {
      await consumer.stop()
      await etas.close()
    },
  }
}
