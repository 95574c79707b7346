import type { PartitionRef } from '../storage/log-index.js'
import type { EngineDeps } from './deps.js'

/** A batch an append reserved offsets for: where, how many, and its entry's expiry. */
export interface ReservedBatch {
  ref: PartitionRef
  base?: number
  records: { length: number }
  expiresAt: number | undefined
}

/** Per batch, whether its entry is in the index; undefined where that could not be learnt. */
export type Landed = (boolean | undefined)[]

/**
 * After an entry write failed or its answer was lost (a timeout, a reset connection, the SDK giving up
 * on retries of a put that had landed), learns for each batch whether its entry is in the index, and
 * settles it for good: a skip marker put into the batch's own slot means it is not, and never will
 * be (the writer's conditional put finds the slot taken), so readers need not wait for the hole
 * timeout; a slot already holding an entry with this append's token means it is, and stays readable
 * (no marker is ever put over an entry, see `LogIndex.fillGap`). A batch never reserved did not land.
 */
export async function settleOwnWrites(
  deps: EngineDeps,
  batches: readonly ReservedBatch[],
  writer: string,
): Promise<Landed> {
  const settled = await Promise.allSettled(
    batches.map(async (b) => {
      if (b.base === undefined) return false
      const count = b.records.length
      if (await deps.index.fillHole(b.ref, b.base, count, deps.now(), b.expiresAt)) return false
      return (await deps.index.entryAt(b.ref, b.base))?.writer === writer
    }),
  )
  return settled.map((s) => (s.status === 'fulfilled' ? s.value : undefined))
}
