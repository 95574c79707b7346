import type { History } from '../history.js'
import { partitionKey } from './observations.js'
import type { AnomalyCase, Findings } from './types.js'

/** One observation of a group's committed offset, and the real-time interval it took effect within. */
interface Observation {
  offset: number
  start: number
  end: number
  process: string
}

/**
 * committedOffsetDecrease: per (group, topic, partition), a committed offset observed lower than one
 * observed strictly before it. Observations are committed-offset reads and ok txns' commits, each
 * somewhere between its invoke and its completion (a read without an invoke time, at one instant). Two observations are ordered only when one ended
 * before the other started, by the clock of the process recording the history (one clock for all
 * clients); overlapping ones may take effect in either order, so they are never compared. Indeterminate
 * txns are left out: their commit may not have happened. One case per later observation, against the
 * highest offset observed before it.
 */
export function checkCommittedOffsets(history: History): Findings {
  const byKey = new Map<string, { group: string; topic: string; partition: number; seen: Observation[] }>()
  const observe = (group: string, topic: string, partition: number, observation: Observation) => {
    const key = JSON.stringify([group, partitionKey(topic, partition)])
    const entry = byKey.get(key) ?? { group, topic, partition, seen: [] }
    entry.seen.push(observation)
    byKey.set(key, entry)
  }
  for (const op of history.ops) {
    if (op.type === 'committed') {
      observe(op.group, op.topic, op.partition, {
        offset: op.offset,
        start: op.invokedAt ?? op.at,
        end: op.at,
        process: op.process,
      })
    } else if (op.type === 'txn' && op.outcome === 'ok') {
      observe(op.group, op.inputTopic, op.inputPartition, {
        offset: op.commitOffset,
        start: op.invokedAt,
        end: op.completedAt,
        process: op.process,
      })
    }
  }

  const committedOffsetDecrease: AnomalyCase[] = []
  for (const { group, topic, partition, seen } of byKey.values()) {
    const byStart = [...seen].sort((a, b) => a.start - b.start)
    const byEnd = [...seen].sort((a, b) => a.end - b.end)
    let ended = 0
    let highest: Observation | undefined
    for (const later of byStart) {
      for (; ended < byEnd.length; ended++) {
        const earlier = byEnd[ended]
        if (!earlier || earlier.end >= later.start) break
        if (!highest || earlier.offset > highest.offset) highest = earlier
      }
      if (highest && later.offset < highest.offset) {
        committedOffsetDecrease.push({
          group,
          topic,
          partition,
          offsets: [highest.offset, later.offset],
          processes: [highest.process, later.process],
        })
      }
    }
  }
  return { committedOffsetDecrease }
}
