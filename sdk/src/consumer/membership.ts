import type { Executor } from '../command.js'
import { acquireLease, type HeartbeatResult, heartbeat, releaseLease } from '../commands/groups.js'
import { FencedError, LeaseHeldError } from '../errors.js'
import { NO_RETRIES } from '../retry.js'
import type { PartitionRef } from '../types.js'
import { partitionKey, planLeases } from './assignment.js'
import type { RevokeReason } from './events.js'
import type { ConsumerLogger } from './options.js'
import { OwnedPartition } from './owned-partition.js'

/** What the membership needs from the consumer that processes the partitions. */
export interface MembershipHost {
  readonly owned: Map<string, OwnedPartition>
  /** Stops consuming a partition: drops it and, unless the lease is already gone, commits what was processed. */
  revoke(partition: OwnedPartition, reason: RevokeReason): Promise<void>
  /** New partitions to fetch: wakes the fetch loop. */
  assigned(partitions: OwnedPartition[]): void
  /** Reports the round's changes (one `rebalance` event). */
  rebalanced(assigned: PartitionRef[], revoked: Array<PartitionRef & { reason: RevokeReason }>): void
}

export interface MembershipSettings {
  group: string
  memberId: string
  /** This process of the member: leases it takes fence any other process of the same member. */
  incarnation: string
  topics: string[]
  sessionMs: number
  leaseMs: number
  startFrom: 'earliest' | 'latest'
  logger: ConsumerLogger
}

/**
 * The member's side of the group: every third of `leaseMs`, one heartbeat request renews the member
 * and all its leases and returns the group's members and leases; then `planLeases` says what to take
 * and what to hand over. Its requests are tried once: the next round, a third of `leaseMs` later, is
 * the retry.
 */
export class Membership {
  readonly #client: Executor
  readonly #host: MembershipHost
  readonly #settings: MembershipSettings
  #timer: ReturnType<typeof setTimeout> | undefined
  #round: Promise<void> | undefined
  #running = false
  /** A hand-over in progress: at most one at a time, as the plan hands over one lease per round. */
  #handingOver: Promise<void> | undefined

  constructor(client: Executor, host: MembershipHost, settings: MembershipSettings) {
    this.#client = client
    this.#host = host
    this.#settings = settings
  }

  get renewEveryMs(): number {
    return Math.max(100, Math.floor(this.#settings.leaseMs / 3))
  }

  /** Runs the first round, then one every third of `leaseMs`. */
  async start(): Promise<void> {
    this.#running = true
    await this.#runRound()
  }

  /** Stops the rounds (after the current one) and waits for a hand-over in progress. */
  async stop(): Promise<void> {
    this.#running = false
    clearTimeout(this.#timer)
    await this.#round
    await this.#handingOver
  }

  async #runRound(): Promise<void> {
    this.#round = this.#balance().catch((error: unknown) =>
      this.#settings.logger.error('consumer group round failed', { error: String(error) }),
    )
    await this.#round
    if (this.#running) this.#timer = setTimeout(() => void this.#runRound(), this.renewEveryMs)
  }

  async #balance(): Promise<void> {
    const { group, memberId, topics, sessionMs, leaseMs } = this.#settings
    const revoked: Array<PartitionRef & { reason: RevokeReason }> = []
    const drop = (p: OwnedPartition, reason: RevokeReason) => {
      if (p.stopped === undefined) revoked.push({ ...p.ref, reason })
      void this.#host.revoke(p, reason)
    }
    const sentAt = Date.now()
    const held = [...this.#host.owned.values()]
    let view: HeartbeatResult
    try {
      view = await this.#client.execute(
        heartbeat({
          group,
          memberId,
          topics,
          sessionMs,
          leaseMs,
          leases: held.map((p) => ({ topic: p.topic, partition: p.partition, epoch: p.epoch })),
        }),
        { retry: NO_RETRIES },
      )
    } catch (error) {
      this.#settings.logger.warn('heartbeat failed; retrying next round', { group, error: String(error) })
      for (const p of held) if (Date.now() >= p.expiresAt) drop(p, 'expired')
      this.#host.rebalanced([], revoked)
      return
    }
    const lost = new Set(view.lost.map((l) => `${partitionKey(l)}#${l.epoch}`))
    for (const p of held) {
      if (lost.has(`${partitionKey(p)}#${p.epoch}`)) drop(p, 'lost')
      else p.expiresAt = Math.max(p.expiresAt, sentAt + leaseMs)
    }
    if (!this.#running) return this.#host.rebalanced([], revoked)

    const plan = planLeases({
      self: memberId,
      members: view.members.filter((m) => m.topics.some((t) => topics.includes(t))).map((m) => m.memberId),
      partitions: view.topics
        .filter((t) => topics.includes(t.topic))
        .flatMap((t) =>
          Array.from({ length: t.partitions }, (_, partition) => ({ topic: t.topic, partition })),
        ),
      owners: new Map(view.leases.map((l) => [partitionKey(l), l.owner])),
    })
    const handOver = plan.release
      .map((ref) => this.#host.owned.get(partitionKey(ref)))
      .find((p) => p !== undefined && p.stopped === undefined)
    if (handOver && !this.#handingOver) {
      revoked.push({ ...handOver.ref, reason: 'released' })
      this.#handingOver = this.#handOver(handOver).finally(() => {
        this.#handingOver = undefined
      })
    }
    const taken = await this.#take(plan.take)
    if (taken.length > 0) this.#host.assigned(taken)
    this.#host.rebalanced(
      taken.map((p) => p.ref),
      revoked,
    )
  }

  /** Tries the leases in parallel; one another member took first answers LEASE_HELD and is skipped. */
  async #take(refs: PartitionRef[]): Promise<OwnedPartition[]> {
    const { group, memberId, incarnation, leaseMs, startFrom } = this.#settings
    const grants = await Promise.all(
      refs.map(async (ref) => {
        const sentAt = Date.now()
        try {
          const grant = await this.#client.execute(
            acquireLease({ group, ...ref, memberId, leaseMs, incarnation }),
            { retry: NO_RETRIES },
          )
          return new OwnedPartition(ref.topic, ref.partition, grant.epoch, {
            committedOffset: grant.committedOffset,
            expiresAt: sentAt + leaseMs,
            startFrom,
          })
        } catch (error) {
          if (!(error instanceof LeaseHeldError)) {
            this.#settings.logger.warn('taking a lease failed', { group, ...ref, error: String(error) })
          }
          return undefined
        }
      }),
    )
    const taken = grants.filter((p): p is OwnedPartition => p !== undefined)
    for (const p of taken) this.#host.owned.set(partitionKey(p), p)
    return taken
  }

  /** Stops processing the partition, commits what was processed, then releases the lease for the member below its target. */
  async #handOver(p: OwnedPartition): Promise<void> {
    await this.#host.revoke(p, 'released')
    try {
      const { group, memberId } = this.#settings
      await this.#client.execute(
        releaseLease({ group, topic: p.topic, partition: p.partition, memberId, epoch: p.epoch }),
      )
    } catch (error) {
      // FENCED: the lease had already moved on; either way the member no longer holds it.
      if (!(error instanceof FencedError)) {
        this.#settings.logger.warn('releasing a lease failed; it will expire', {
          ...p.ref,
          error: String(error),
        })
      }
    }
  }
}
