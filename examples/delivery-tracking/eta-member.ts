/**
 * The ETA service: a member of the consumer group `eta-service`. Members share the partitions of
 * `rider-locations`, and each rider's updates reach one member at a time, in order. For every update
 * it checks the rider's sequence (a gap would be a lost update; a repeat is a redelivery after a
 * crash, skipped), computes the order's ETA and publishes it to `order-etas`.
 */
import type { Consumer, Sluice } from '@sluice/sdk'
import { ETAS, type Eta, GROUP, LOCATIONS, type LocationUpdate, metres } from './shared.js'

export interface MissingUpdate {
  riderId: string
  /** The seq that should have come next. */
  expected: number
  /** The seq that came instead. */
  got: number
}

export interface EtaStats {
  /** Updates whose ETA this member published. */
  handled: number
  /** Updates delivered again after an earlier owner of their partition had handled them. */
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
  /** The last sequence number seen per rider: the group's state lives in the topic, this is only a check. */
  const lastSeq = new Map<string, number>()
  const consumer = sluice.consumer({ groupId: GROUP, memberId: name, leaseMs: options.leaseMs ?? 6000 })
  const etas = sluice.producer({ lingerMs: 20 })
  consumer.on('rebalance', ({ assigned, revoked }) => {
    const list = (ps: Array<{ partition: number }>) => ps.map((p) => p.partition).join(',') || '-'
    log.log(
      `[${name}] rebalance: took ${list(assigned)}, gave up ${list(revoked)}; now ${list(consumer.assignment())}`,
    )
  })

  await consumer.subscribe({ topics: [LOCATIONS], fromBeginning: true })
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      const update = JSON.parse(message.value ?? '{}') as LocationUpdate
      const previous = lastSeq.get(update.riderId)
      if (previous !== undefined && update.seq <= previous) {
        stats.redelivered++ // at-least-once: after a takeover the last uncommitted updates come again
        return
      }
      if (previous !== undefined && update.seq !== previous + 1) {
        stats.missing.push({ riderId: update.riderId, expected: previous + 1, got: update.seq })
        log.error(`[${name}] ${update.riderId}: update ${previous + 1} missing before ${update.seq}`)
      }
      lastSeq.set(update.riderId, update.seq)
      const eta: Eta = {
        orderId: update.orderId,
        riderId: update.riderId,
        seq: update.seq,
        etaSeconds: Math.round(metres(update, update.destination) / update.speedMps),
        at: update.at,
      }
      await etas.send({ topic: ETAS, messages: [{ key: eta.orderId, value: JSON.stringify(eta) }] })
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
