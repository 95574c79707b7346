import { alterTopic, createTopic, deleteTopic, describeTopic, listTopics, type Topic } from '@sluice/sdk'
import type { Command } from 'commander'
import { partitionCount, retention, validName } from '../checks.js'
import { clientFor, globalOptions } from '../client.js'
import { formatDuration } from '../duration.js'
import { plural, printJson, printTable } from '../output.js'

const RETENTION_HELP = 'how long records are kept: 7d, 12h, 30m, 45s, ms, or forever'

function summary(topic: Topic): string {
  return `${topic.name} (${plural(topic.partitions, 'partition')}, retention ${formatDuration(topic.retentionMs)})`
}

export function topicsCommand(program: Command): void {
  const topics = program.command('topics').description('list, create, describe, alter and delete topics')

  topics
    .command('list')
    .description('list all topics')
    .action(async (_options, command: Command) => {
      const all = await clientFor(command).execute(listTopics())
      if (globalOptions(command).json) return printJson(all)
      printTable(
        ['name', 'partitions', 'retention', 'created'],
        all.map((t) => [
          t.name,
          t.partitions,
          formatDuration(t.retentionMs),
          new Date(t.createdAt).toISOString(),
        ]),
      )
    })

  topics
    .command('create')
    .description('create a topic')
    .argument('<topic>', 'the name of the new topic', validName('topic'))
    .option('--partitions <n>', 'number of partitions (default 1)', partitionCount('--partitions'))
    .option('--retention <duration>', RETENTION_HELP, retention('--retention'))
    .action(async (name: string, options: { partitions?: number; retention?: number }, command: Command) => {
      const topic = await clientFor(command).execute(
        createTopic({
          name,
          ...(options.partitions === undefined ? {} : { partitions: options.partitions }),
          ...(options.retention === undefined ? {} : { retentionMs: options.retention }),
        }),
      )
      if (globalOptions(command).json) return printJson(topic)
      process.stdout.write(`Created topic ${summary(topic)}\n`)
    })

  topics
    .command('describe')
    .description("show a topic's settings and each partition's offsets")
    .argument('<topic>', 'the topic', validName('topic'))
    .action(async (name: string, _options, command: Command) => {
      const topic = await clientFor(command).execute(describeTopic(name))
      if (globalOptions(command).json) return printJson(topic)
      process.stdout.write(
        `Topic: ${topic.name}  Partitions: ${topic.partitions}  Retention: ${formatDuration(topic.retentionMs)}  ` +
          `Created: ${new Date(topic.createdAt).toISOString()}\n`,
      )
      printTable(
        ['partition', 'start offset', 'end offset'],
        topic.offsets.map((o) => [o.partition, o.startOffset, o.endOffset]),
      )
    })

  topics
    .command('alter')
    .description("grow a topic's partitions or change its retention")
    .argument('<topic>', 'the topic', validName('topic'))
    .option('--partitions <n>', 'new total number of partitions (only grows)', partitionCount('--partitions'))
    .option('--retention <duration>', RETENTION_HELP, retention('--retention'))
    .action(async (name: string, options: { partitions?: number; retention?: number }, command: Command) => {
      if (options.partitions === undefined && options.retention === undefined) {
        command.error('error: give --partitions or --retention')
      }
      const topic = await clientFor(command).execute(
        alterTopic(name, {
          ...(options.partitions === undefined ? {} : { partitions: options.partitions }),
          ...(options.retention === undefined ? {} : { retentionMs: options.retention }),
        }),
      )
      if (globalOptions(command).json) return printJson(topic)
      process.stdout.write(`Altered topic ${summary(topic)}\n`)
    })

  topics
    .command('delete')
    .description('delete a topic and its records')
    .argument('<topic>', 'the topic', validName('topic'))
    .action(async (name: string, _options, command: Command) => {
      await clientFor(command).execute(deleteTopic(name))
      if (globalOptions(command).json) return printJson({ deleted: name })
      process.stdout.write(`Deleted topic ${name}\n`)
    })
}
