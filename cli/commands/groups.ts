import type { Command } from 'commander'
import { deleteGroup, describeGroup, listGroups, resetGroupOffsets } from '../../sdk/src/index.js'
import { clientFor, globalOptions } from '../client.js'
import { printJson, printTable } from '../output.js'

const dash = (value: number | string | null) => (value === null ? '-' : value)

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
        all.map((g) => [g.group, g.topics.join(',')]),
      )
    })

  groups
    .command('describe <group>')
    .description('show members, and per partition the committed offset, end offset, lag and owner')
    .action(async (group: string, _options, command: Command) => {
      const described = await clientFor(command).execute(describeGroup(group))
      if (globalOptions(command).json) return printJson(described)
      const lag = described.topics.flatMap((t) => t.partitions).reduce((sum, p) => sum + (p.lag ?? 0), 0)
      process.stdout.write(
        `Group: ${described.group}  Members: ${described.members.length}  Total lag: ${lag}\n`,
      )
      printTable(
        ['topic', 'partition', 'committed', 'end', 'lag', 'owner', 'epoch'],
        described.topics.flatMap((t) =>
          t.partitions.map((p) => [
            t.topic,
            p.partition,
            dash(p.committedOffset),
            p.endOffset,
            dash(p.lag),
            dash(p.owner),
            p.epoch,
          ]),
        ),
      )
    })

  groups
    .command('reset <group>')
    .description("move the group's offsets on a topic (refused while the group consumes it)")
    .requiredOption('--topic <topic>', 'the topic whose offsets move')
    .option('--to-earliest', 'to the first record still held')
    .option('--to-latest', 'to the end: skip everything so far')
    .action(
      async (
        group: string,
        options: { topic: string; toEarliest?: boolean; toLatest?: boolean },
        command: Command,
      ) => {
        if (!options.toEarliest === !options.toLatest)
          command.error('error: give one of --to-earliest and --to-latest')
        const to = options.toEarliest ? 'earliest' : 'latest'
        const offsets = await clientFor(command).execute(resetGroupOffsets(group, options.topic, { to }))
        if (globalOptions(command).json) return printJson(offsets)
        process.stdout.write(`Reset group ${group} on ${options.topic} to ${to}\n`)
        printTable(
          ['partition', 'offset'],
          offsets.map((o) => [o.partition, o.offset]),
        )
      },
    )

  groups
    .command('delete <group>')
    .description("delete a group's offsets and members (refused while it has live leases)")
    .action(async (group: string, _options, command: Command) => {
      await clientFor(command).execute(deleteGroup(group))
      if (globalOptions(command).json) return printJson({ deleted: group })
      process.stdout.write(`Deleted group ${group}\n`)
    })
}
