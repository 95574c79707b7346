import type { PartitionRef, ReserveOptions } from '../storage/log-index.js'

/** Reserves `count` offsets on a partition's sequencer at time `now` (see `LogIndex.reserve`); answers the first. */
export type ReserveOffsets = (
  partition: PartitionRef,
  count: number,
  now: number,
  options: ReserveOptions,
) => Promise<number>

interface Waiter {
  count: number
  options: ReserveOptions
  resolve: (base: number) => void
  reject: (err: unknown) => void
}

/** One partition's reservations: whether one is out at the sequencer, and who waits for the next. */
interface PartitionQueue {
  inFlight: boolean
  waiting: Waiter[]
}

/**
 * Sequencer batching, as CORFU's clients batch token requests: reservations on one partition that
 * arrive while another is out at the sequencer wait for it to return, then go out together as one
 * `UpdateItem ADD` whose range is split among them in arrival order. A process that serves one request
 * at a time (a Lambda instance) always finds nothing out and reserves alone, with no added wait; one
 * serving many producers of a partition at once (the local server) makes one sequencer write per round
 * trip instead of one per append, so the hot head item is written less often. Each caller still writes
 * its own entry for its own range, so a failed append leaves (and fills) only its own hole.
 */
export class ReservationBatcher {
  private readonly queues = new Map<string, PartitionQueue>()

  constructor(
    private readonly reserveOffsets: ReserveOffsets,
    private readonly now: () => number,
  ) {}

  /** The first of `count` offsets reserved for the caller alone. */
  reserve(partition: PartitionRef, count: number, options: ReserveOptions = {}): Promise<number> {
    const id = `${partition.topicId}/${partition.partition}`
    let queue = this.queues.get(id)
    if (!queue) {
      queue = { inFlight: false, waiting: [] }
      this.queues.set(id, queue)
    }
    const reserved = new Promise<number>((resolve, reject) => {
      queue.waiting.push({ count, options, resolve, reject })
    })
    if (!queue.inFlight) void this.send(id, partition, queue)
    return reserved
  }

  private async send(id: string, partition: PartitionRef, queue: PartitionQueue) {
    const batch = queue.waiting
    queue.waiting = []
    queue.inFlight = true
    try {
      // The clock is read as the request leaves: the head's reservedAt must not be older than the
      // reservation, or a reader could take a fresh hole for an abandoned one.
      let base = await this.reserveOffsets(
        partition,
        batch.reduce((sum, w) => sum + w.count, 0),
        this.now(),
        combined(batch),
      )
      for (const waiter of batch) {
        waiter.resolve(base)
        base += waiter.count
      }
    } catch (err) {
      for (const waiter of batch) waiter.reject(err)
    }
    queue.inFlight = false
    if (queue.waiting.length > 0) void this.send(id, partition, queue)
    else this.queues.delete(id)
  }
}

/**
 * The options of a combined reservation: the latest of the waiters' expiries (none, kept forever, if
 * any waiter's records never expire), hedged if any waiter waits on it alone.
 */
function combined(batch: readonly Waiter[]): ReserveOptions {
  let latest: number | undefined = 0
  for (const { options } of batch) {
    if (options.expiresAt === undefined) latest = undefined
    else if (latest !== undefined) latest = Math.max(latest, options.expiresAt)
  }
  return { expiresAt: latest, hedge: batch.some((w) => w.options.hedge === true) }
}
