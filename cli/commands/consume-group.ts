import {
  describeTopic,
  type FetchedRecord,
  GroupNotFoundError,
  readGroupOffsets,
  type Sluice,
} from '@sluice/sdk'

export interface GroupReadOptions {
  fromBeginning: boolean
  max: number
  timeoutMs: number
  exitAtEnd: boolean
  print: (partition: number, record: FetchedRecord<string>) => void
}

/** How often, with --exit-at-end, the group's commits are read for partitions other members consume. */
const END_CHECK_MS = 1_000

/**
 * Consumes as a member of the group until `max` records, `timeoutMs` of silence, the end offsets of the
 * start (`exitAtEnd`), or Ctrl-C; each record is committed once printed (at-least-once), and leaving
 * releases the partitions at once.
 */
export async function consumeInGroup(
  sluice: Sluice,
  topic: string,
  group: string,
  options: GroupReadOptions,
) {
  const ends = options.exitAtEnd ? await endsAtStart(sluice, topic, group, options.fromBeginning) : undefined
  if (ends?.allRead()) return 0
  const consumer = sluice.consumer({
    groupId: group,
    logger: { info: () => {}, warn: warnOnStderr, error: warnOnStderr },
  })
  let consumed = 0
  let lastRecordAt = Date.now()
  let finish = () => {}
  const done = new Promise<void>((resolve) => {
    finish = resolve
  })
  process.once('SIGINT', finish)
  const silence = setInterval(() => {
    if (Date.now() - lastRecordAt >= options.timeoutMs) finish()
  }, 100)
  const endCheck =
    ends && setInterval(() => void ends.readCommits().then(() => ends.allRead() && finish()), END_CHECK_MS)
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: options.fromBeginning })
    await consumer.run({
      eachBatchAutoResolve: false, // commit only what was printed
      eachBatch: async ({ partition, messages, nextOffset, resolveOffset, isStale }) => {
        const end = ends?.endOf(partition) ?? Number.POSITIVE_INFINITY
        for (const message of messages) {
          if (consumed >= options.max || isStale()) return
          if (message.offset >= end) break
          options.print(partition, message)
          resolveOffset(message.offset)
          lastRecordAt = Date.now()
          if (++consumed >= options.max) finish()
        }
        // Everything before nextOffset was in this batch, and every record of it before the end printed.
        if (ends && nextOffset >= end) {
          ends.read(partition)
          if (ends.allRead()) finish()
        }
      },
    })
    await done
  } finally {
    clearInterval(silence)
    clearInterval(endCheck)
    process.off('SIGINT', finish)
    await consumer.stop()
  }
  return consumed
}

/**
 * For --exit-at-end: each partition's end offset when consuming started, and which partitions the group
 * has yet to read to it, whether this member reads them or another one (seen in the group's commits).
 */
interface EndsAtStart {
  /** A partition added since the start has nothing to read before its end at the start: 0. */
  endOf(partition: number): number
  read(partition: number): void
  allRead(): boolean
  /** Marks read the partitions whose commits, by any member, reached their end. */
  readCommits(): Promise<void>
}

async function endsAtStart(
  sluice: Sluice,
  topic: string,
  group: string,
  fromBeginning: boolean,
): Promise<EndsAtStart> {
  const { offsets } = await sluice.execute(describeTopic(topic))
  const ends = new Map(offsets.map((o) => [o.partition, o.endOffset]))
  const committed = await committedOffsets(sluice, group, topic)
  const pending = new Set<number>()
  for (const { partition, startOffset, endOffset } of offsets) {
    // Where the group resumes: its commit, or for none (or one retention has passed) where the consumer starts.
    const commit = committed.get(partition)
    const from =
      commit !== undefined && commit >= startOffset ? commit : fromBeginning ? startOffset : endOffset
    if (from < endOffset) pending.add(partition)
  }
  const endOf = (partition: number) => ends.get(partition) ?? 0
  return {
    endOf,
    read: (partition) => pending.delete(partition),
    allRead: () => pending.size === 0,
    async readCommits() {
      const now = await committedOffsets(sluice, group, topic).catch(() => new Map<number, number>())
      for (const partition of pending) {
        if ((now.get(partition) ?? -1) >= endOf(partition)) pending.delete(partition)
      }
    },
  }
}

async function committedOffsets(sluice: Sluice, group: string, topic: string): Promise<Map<number, number>> {
  try {
    const offsets = await sluice.execute(readGroupOffsets(group, topic))
    return new Map(offsets.map((o) => [o.partition, o.offset]))
  } catch (error) {
    if (error instanceof GroupNotFoundError) return new Map()
    throw error
  }
}

function warnOnStderr(message: string, details?: Record<string, unknown>) {
  process.stderr.write(`warning: ${message}${details ? ` ${JSON.stringify(details)}` : ''}\n`)
}
