import {
  deleteGroup,
  describeGroup,
  describeTopic,
  type GroupDescription,
  GroupNotFoundError,
  listGroups,
  type OffsetResetTarget,
  resetGroupOffsets,
  type Sluice,
} from '@sluice/sdk'
import type { Command } from 'commander'
import { datetime, integer, validName } from '../checks.js'
import { clientFor, globalOptions } from '../client.js'
import { plural, printJson, printTable } from '../output.js'

const dash = (value: number | string | null) => (value === null ? '-' : value)

interface ResetOptions {
  topic: string
  toEarliest?: boolean
  toLatest?: boolean
  toOffset?: number
  toDatetime?: Date
  create?: boolean
}

export function groupsCommand(program: Command): void {
  const groups = program.command('groups').description('list, describe, reset and delete consumer groups')

  groups
    .command('list')
    .description('list consumer groups and the topics they consume')
    .action(async (_options, command: Command) => {
      const all = await clientFor(command).execute(listGroups())
      if (globalOptions(command).json) return printJson(all)
      printTable(
        ['group', 'topics'],
        all.map((g) => [g.group, g.topics.join(',') || '-']),
      )
    })

  groups
    .command('describe')
    .description('show members, and per partition the committed offset, end offset, lag and owner')
    .argument('<group>', 'the group', validName('group'))
    .action(async (group: string, _options, command: Command) => {
      const sluice = clientFor(command)
      const described = await sluice.execute(describeGroup(group))
      if (globalOptions(command).json) return printJson(described)
      const rows = await lagRows(sluice, described)
      const total = rows.reduce((sum, row) => sum + row.lag, 0)
      const uncommitted = rows.filter((row) => row.committedOffset === null)
      const uncommittedLag = uncommitted.reduce((sum, row) => sum + row.lag, 0)
      const fromStart =
        uncommitted.length === 0
          ? ''
          : ` (${uncommittedLag} of it on ${plural(uncommitted.length, 'partition')} without a commit, ` +
            `counted from ${uncommitted.length === 1 ? 'its start offset' : 'their start offsets'})`
      process.stdout.write(
        `Group: ${described.group}  Members: ${described.members.length}  Total lag: ${total}${fromStart}\n`,
      )
      printTable(
        ['topic', 'partition', 'committed', 'end', 'lag', 'owner', 'epoch'],
        rows.map((p) => [
          p.topic,
          p.partition,
          dash(p.committedOffset),
          p.endOffset,
          p.lag,
          dash(p.owner),
          p.epoch,
        ]),
      )
    })

  groups
    .command('reset')
    .description("move the group's offsets on a topic (refused while the group consumes it)")
    .argument('<group>', 'the group', validName('group'))
    .requiredOption('--topic <topic>', 'the topic whose offsets move', validName('--topic'))
    .option('--to-earliest', 'to the first record still held')
    .option('--to-latest', 'to the end: skip everything so far')
    .option(
      '--to-offset <offset>',
      'to this offset on every partition, kept within each one',
      integer('--to-offset'),
    )
    .option(
      '--to-datetime <when>',
      'to the first record at or after this ISO 8601 time (local without a zone)',
      datetime('--to-datetime'),
    )
    .option('--create', 'create the group if it does not exist')
    .action(async (group: string, options: ResetOptions, command: Command) => {
      const targets = [options.toEarliest, options.toLatest, options.toOffset, options.toDatetime]
      if (targets.filter((target) => target !== undefined).length !== 1)
        command.error('error: give one of --to-earliest, --to-latest, --to-offset and --to-datetime')
      const sluice = clientFor(command)
      const exists = await groupExists(sluice, group)
      if (!exists && !options.create)
        command.error(
          `error: GROUP_NOT_FOUND: group '${group}' does not exist: add --create to create it at these offsets`,
        )
      const { target, described } = await resetTarget(sluice, options)
      const offsets = await sluice.execute(resetGroupOffsets(group, options.topic, target))
      if (globalOptions(command).json) return printJson(offsets)
      process.stdout.write(
        exists
          ? `Reset group ${group} on ${options.topic} to ${described}\n`
          : `Created group ${group} on ${options.topic} at ${described}\n`,
      )
      printTable(
        ['partition', 'offset'],
        offsets.map((o) => [o.partition, o.offset]),
      )
    })

  groups
    .command('delete')
    .description("delete a group's offsets and members (refused while it has live leases)")
    .argument('<group>', 'the group', validName('group'))
    .action(async (group: string, _options, command: Command) => {
      await clientFor(command).execute(deleteGroup(group))
      if (globalOptions(command).json) return printJson({ deleted: group })
      process.stdout.write(`Deleted group ${group}\n`)
    })
}

async function groupExists(sluice: Sluice, group: string): Promise<boolean> {
  try {
    await sluice.execute(describeGroup(group))
    return true
  } catch (error) {
    if (error instanceof GroupNotFoundError) return false
    throw error
  }
}

/** The API's reset body for the option given, and how to say it. */
async function resetTarget(
  sluice: Sluice,
  options: ResetOptions,
): Promise<{ target: OffsetResetTarget; described: string }> {
  if (options.toDatetime !== undefined)
    return {
      target: { timestamp: options.toDatetime.getTime() },
      described: options.toDatetime.toISOString(),
    }
  if (options.toOffset === undefined) {
    const to = options.toEarliest ? 'earliest' : 'latest'
    return { target: { to }, described: to }
  }
  const wanted = options.toOffset
  // As kafka-consumer-groups does: an offset outside a partition's range moves to its nearest bound.
  const { offsets } = await sluice.execute(describeTopic(options.topic))
  const target = offsets.map(({ partition, startOffset, endOffset }) => {
    const offset = Math.min(Math.max(wanted, startOffset), endOffset)
    if (offset !== wanted) {
      const bound =
        offset === endOffset ? `past the end offset ${endOffset}` : `before the start offset ${startOffset}`
      process.stderr.write(`warning: partition ${partition}: offset ${wanted} is ${bound}; using ${offset}\n`)
    }
    return { partition, offset }
  })
  return { target: { offsets: target }, described: `offset ${wanted}` }
}

interface LagRow {
  topic: string
  partition: number
  committedOffset: number | null
  endOffset: number
  /** From the commit; without one, from the partition's start offset: all that is held is unread. */
  lag: number
  owner: string | null
  epoch: number
}

async function lagRows(sluice: Sluice, described: GroupDescription): Promise<LagRow[]> {
  const perTopic = await Promise.all(
    described.topics.map(async ({ topic, partitions }) => {
      const uncommitted = partitions.some((p) => p.committedOffset === null)
      const starts = uncommitted ? (await sluice.execute(describeTopic(topic))).offsets : []
      return partitions.map((p) => {
        const start = starts.find((s) => s.partition === p.partition)?.startOffset ?? 0
        return {
          topic,
          partition: p.partition,
          committedOffset: p.committedOffset,
          endOffset: p.endOffset,
          lag: p.lag ?? Math.max(0, p.endOffset - start),
          owner: p.owner,
          epoch: p.epoch,
        }
      })
    }),
  )
  return perTopic.flat()
}
