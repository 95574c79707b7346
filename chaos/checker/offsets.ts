import { ackedLocation, formatLocation, type Location, type Observations } from './observations.js'
import type { AnomalyCase, Findings } from './types.js'

/**
 * What each offset holds, across every read and every acknowledgement.
 *
 * inconsistentOffsets (Jepsen's inconsistent-offsets; the contract's "one offset holds one record"):
 * - an offset read or acknowledged with two or more different values, one case per offset; or
 * - a value with a single write, acknowledged at one offset and read, but never at that offset: the
 *   record moved. (Read there and elsewhere too is a copy: a `duplicate`.) Values with several writes
 *   (a txn output rewritten by a retry of its input) have no single acknowledged offset to hold to.
 *
 * duplicate (Jepsen's duplicate): one value read at more than one location. Jepsen builds its version
 * order from acknowledgements as well; here an acknowledged offset that no read confirms is the moved
 * case above, so each fact is reported once. `exclude` takes the values a more specific check already
 * reported (txn outputs present twice).
 */
export function checkOffsets(obs: Observations, exclude: ReadonlySet<string>): Findings {
  const held = new Map<string, { location: Location; values: Set<string | null> }>()
  const hold = (location: Location, value: string | null) => {
    const key = formatLocation(location)
    const entry = held.get(key)
    if (entry) entry.values.add(value)
    else held.set(key, { location, values: new Set([value]) })
  }
  /** Value to the locations it was read at, formatted. */
  const readAt = new Map<string, Set<string>>()
  for (const r of obs.reads) {
    const location = { topic: r.topic, partition: r.partition, offset: r.offset }
    hold(location, r.value)
    if (r.value === null) continue
    const locations = readAt.get(r.value) ?? new Set<string>()
    locations.add(formatLocation(location))
    readAt.set(r.value, locations)
  }
  for (const [value, writes] of obs.writes) {
    for (const write of writes) {
      const location = ackedLocation(write)
      if (location) hold(location, value)
    }
  }

  const inconsistentOffsets: AnomalyCase[] = []
  for (const { location, values } of held.values()) {
    if (values.size > 1) inconsistentOffsets.push({ ...location, values: [...values] })
  }
  for (const [value, writes] of obs.writes) {
    const acked = writes.length === 1 && writes[0] ? ackedLocation(writes[0]) : undefined
    const locations = readAt.get(value)
    if (!acked || !locations || locations.has(formatLocation(acked))) continue
    inconsistentOffsets.push({
      value,
      ...acked,
      at: [...locations],
      process: writes[0]?.op.process,
      note: 'acknowledged at this offset, read only elsewhere',
    })
  }

  const duplicate: AnomalyCase[] = []
  for (const [value, locations] of readAt) {
    if (locations.size > 1 && !exclude.has(value)) duplicate.push({ value, at: [...locations] })
  }
  return { inconsistentOffsets, duplicate }
}
