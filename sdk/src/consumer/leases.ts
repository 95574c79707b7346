import type { Executor } from '../command.js'
import { commitGroupOffsets } from '../commands/groups.js'
import { FencedError, type SluiceError } from '../errors.js'
import type { PartitionRef } from '../types.js'
import { partitionKey } from './assignment.js'
import type { Emitter } from './emitter.js'
import type { ConsumerEvents, RevokeReason } from './events.js'
import type { MembershipHost } from './membership.js'
import type { TopicPartitionOffset } from './options.js'
import type { OwnedPartition } from './owned-partition.js'
import type { ConsumerSettings } from './settings.js'

/**
 * The partitions this member holds leases on, and fencing: which it consumes, commits under each
 * lease's epoch, and a refused commit (FENCED) dropping its partition. `Membership` adds and revokes
 * leases here, the runner processes the live ones, `sluice.transaction()` commits under them.
 */
export class PartitionLeases implements MembershipHost {
  /** Leases held (and being handed over), by `topic/partition`. */
  readonly owned = new Map<string, OwnedPartition>()
  readonly #client: Executor
  readonly #settings: ConsumerSettings
  readonly #events: Emitter<ConsumerEvents>
  /** Wakes the run loop, so that new partitions are fetched at once. */
  readonly #wake: () => void
  /** Commits and drops in progress, awaited by `releaseAll()`. */
  readonly #settling = new Set<Promise<void>>()

  constructor(
    client: Executor,
    settings: ConsumerSettings,
    events: Emitter<ConsumerEvents>,
    wake: () => void,
  ) {
    this.#client = client
    this.#settings = settings
    this.#events = events
    this.#wake = wake
  }

  /** Partitions this member consumes now. */
  assignment(): PartitionRef[] {
    return [...this.owned.values()].filter((p) => p.stopped === undefined).map((p) => p.ref)
  }

  /** The leases to fetch and process. */
  live(): OwnedPartition[] {
    return [...this.owned.values()].filter((p) => p.live)
  }

  /**
   * Commits offsets (each the next offset to consume). Partitions this member holds are committed
   * under their lease's epoch (`FencedError` if it has moved on); others only while no lease covers them.
   */
  async commitOffsets(offsets: TopicPartitionOffset[]): Promise<void> {
    const { group, memberId } = this.#settings
    const byTopic = new Map<string, TopicPartitionOffset[]>()
    for (const o of offsets) byTopic.set(o.topic, [...(byTopic.get(o.topic) ?? []), o])
    await Promise.all(
      [...byTopic].map(async ([topic, list]) => {
        const leased = list.map((o) => ({ ...o, lease: this.owned.get(partitionKey(o)) }))
        try {
          await this.#client.execute(
            commitGroupOffsets({
              group,
              topic,
              memberId,
              offsets: leased.map(({ partition, offset, lease }) => ({
                partition,
                offset,
                ...(lease ? { epoch: lease.epoch } : {}),
              })),
            }),
          )
        } catch (error) {
          this.fencedBy(error, topic)
          throw error
        }
        for (const { offset, lease } of leased) if (lease) lease.committed = offset
      }),
    )
  }

  /** Commits under the lease's epoch; a refusal (FENCED) drops the partition. */
  async commit(lease: OwnedPartition, offset: number): Promise<boolean> {
    if (lease.committed !== null && offset <= lease.committed) return true
    try {
      await this.#client.execute(
        commitGroupOffsets({
          group: this.#settings.group,
          topic: lease.topic,
          memberId: this.#settings.memberId,
          offsets: [{ partition: lease.partition, offset, epoch: lease.epoch }],
        }),
      )
      lease.committed = offset
      return true
    } catch (error) {
      if (error instanceof FencedError) this.fenced(lease)
      else this.#settings.logger.warn('commit failed', { ...lease.ref, offset, error: String(error) })
      return false
    }
  }

  /**
   * Drops the partition a FENCED error names (a commit or transaction of this member was refused),
   * unless the refusal names an epoch other than the lease's: a commit sent under an earlier lease of
   * the partition, which this member has taken again since.
   */
  fencedBy(error: unknown, topic: string): void {
    if (!(error instanceof FencedError)) return
    const lease = this.leaseNamedBy(error, topic)
    const epoch = error.details.epoch
    if (lease && (typeof epoch !== 'number' || epoch === lease.epoch)) this.fenced(lease)
  }

  /** The lease held on the partition an error names (of a request on `topic`, by default the error's). */
  leaseNamedBy(error: SluiceError, topic = error.topic): OwnedPartition | undefined {
    const partition = error.partition ?? error.details.partition
    return topic !== undefined && typeof partition === 'number'
      ? this.owned.get(partitionKey({ topic, partition }))
      : undefined
  }

  /** A commit under this lease was refused: a newer owner holds the partition; stop consuming it. */
  fenced(lease: OwnedPartition): void {
    if (lease.fenced) return
    lease.fenced = true
    this.#settings.logger.warn('fenced: another member holds the partition now; it is dropped', {
      ...lease.ref,
    })
    this.#events.emit('fenced', { ...lease.ref, epoch: lease.epoch })
    const wasLive = lease.stopped === undefined
    void this.revoke(lease, 'fenced')
    if (wasLive) this.rebalanced([], [{ ...lease.ref, reason: 'fenced' }])
  }

  /** Stops consuming every partition, committing what was processed; answers the partitions let go. */
  async releaseAll(): Promise<PartitionRef[]> {
    const held = [...this.owned.values()]
    await Promise.all(held.map((p) => this.revoke(p, 'released')))
    await Promise.all([...this.#settling])
    return held.map((p) => p.ref)
  }

  // --- MembershipHost ---

  revoke(lease: OwnedPartition, reason: RevokeReason): Promise<void> {
    lease.stopped ??= reason
    const key = partitionKey(lease)
    // A lease handed over stays listed (and renewed) until its last commit is in; a lost one goes now.
    if (reason !== 'released' && this.owned.get(key) === lease) this.owned.delete(key)
    const settle = (async () => {
      await lease.busy
      if (reason !== 'lost' && reason !== 'fenced' && lease.processed !== null) {
        await this.commit(lease, lease.processed)
      }
      if (this.owned.get(key) === lease) this.owned.delete(key)
    })()
    this.#settling.add(settle)
    return settle.finally(() => this.#settling.delete(settle))
  }

  assigned(): void {
    this.#wake()
  }

  rebalanced(assigned: PartitionRef[], revoked: Array<PartitionRef & { reason: RevokeReason }>): void {
    if (assigned.length > 0 || revoked.length > 0) this.#events.emit('rebalance', { assigned, revoked })
  }

  // --- for `sluice.transaction()`, which commits under these leases ---

  /** The epoch of the lease this member holds on a partition and still consumes. */
  epochOf(topic: string, partition: number): number | undefined {
    const lease = this.owned.get(partitionKey({ topic, partition }))
    return lease?.stopped === undefined ? lease?.epoch : undefined
  }

  /** Records offsets a transaction committed under the current leases. */
  committed(offsets: TopicPartitionOffset[]): void {
    for (const o of offsets) {
      const lease = this.owned.get(partitionKey(o))
      if (lease) lease.committed = Math.max(lease.committed ?? 0, o.offset)
    }
  }

  /** A transaction was refused: drops the partition its FENCED error names. */
  transactionFailed(error: unknown, topic: string): void {
    this.fencedBy(error, topic)
  }
}
