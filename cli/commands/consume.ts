import {
  describeTopic,
  type FetchedRecord,
  fetchRecords,
  type PartitionOffsets,
  type Sluice,
} from '@sluice/sdk'
import type { Command } from 'commander'
import { checkPartition, integer, oneOf, position, validName } from '../checks.js'
import { clientFor, globalOptions } from '../client.js'
import { plural, printJson } from '../output.js'
import { consumeInGroup } from './consume-group.js'

type StartOffset = number | 'earliest' | 'latest'

interface ConsumeOptions {
  group?: string
  partition?: number
  offset?: StartOffset
  fromBeginning?: boolean
  max?: number
  format?: 'json' | 'value'
  timeoutMs?: number
  exitAtEnd?: boolean
}

/** Longest a fetch waits on the service for new records (the SDK consumer's `maxWaitMs`). */
const MAX_WAIT_MS = 5_000

export function consumeCommand(program: Command): void {
  program
    .command('consume')
    .description(
      'print records as they arrive: directly from the partitions, or as a member of a group (--group)',
    )
    .argument('<topic>', 'the topic to read', validName('topic'))
    .option(
      '--group <group>',
      'join this consumer group: share its partitions and commit its offsets',
      validName('--group'),
    )
    .option('--partition <p>', 'read only this partition (default: all)', integer('--partition'))
    .option(
      '--offset <offset>',
      'where to start: an offset, earliest or latest (default latest)',
      position('--offset'),
    )
    .option('--from-beginning', 'start at the earliest record still held')
    .option('--max <n>', 'exit after printing this many records', integer('--max', 1))
    .option(
      '--format <format>',
      'json (one object per line) or value (default; json with --json)',
      oneOf('--format', ['json', 'value'] as const),
    )
    .option('--timeout-ms <ms>', 'exit after this long without a new record', integer('--timeout-ms'))
    .option('-e, --exit-at-end', 'exit once every partition is read to the end offset it had at the start')
    .action(async (topic: string, options: ConsumeOptions, command: Command) => {
      const sluice = clientFor(command)
      const asJson = (options.format ?? (globalOptions(command).json ? 'json' : 'value')) === 'json'
      const print = (partition: number, record: FetchedRecord<string>) => {
        if (asJson) printJson({ topic, partition, ...record })
        else process.stdout.write(`${record.value ?? 'null'}\n`)
      }
      const processed = (consumed: number) => {
        if (process.stderr.isTTY) process.stderr.write(`Processed a total of ${plural(consumed, 'record')}\n`)
      }
      if (options.group !== undefined) {
        if (options.partition !== undefined || options.offset !== undefined) {
          command.error(
            "error: --group takes the group's partitions and offsets; leave out --partition and --offset",
          )
        }
        const consumed = await consumeInGroup(sluice, topic, options.group, {
          fromBeginning: options.fromBeginning ?? false,
          max: options.max ?? Number.POSITIVE_INFINITY,
          timeoutMs: options.timeoutMs ?? Number.POSITIVE_INFINITY,
          exitAtEnd: options.exitAtEnd ?? false,
          print,
        })
        return processed(consumed)
      }
      const { partitions: count, offsets } = await sluice.execute(describeTopic(topic))
      if (options.partition !== undefined) checkPartition('--partition', options.partition, count)
      const partitions = offsets.filter(
        (o) => options.partition === undefined || o.partition === options.partition,
      )
      const consumed = await consumePartitions(sluice, topic, partitions, {
        offset: options.offset ?? (options.fromBeginning ? 'earliest' : 'latest'),
        max: options.max ?? Number.POSITIVE_INFINITY,
        timeoutMs: options.timeoutMs ?? Number.POSITIVE_INFINITY,
        exitAtEnd: options.exitAtEnd ?? false,
        print,
      })
      processed(consumed)
    })
}

interface ReadOptions {
  offset: StartOffset
  max: number
  timeoutMs: number
  exitAtEnd: boolean
  print: (partition: number, record: FetchedRecord<string>) => void
}

/**
 * Long-polls every partition at once until `max` records, `timeoutMs` of silence, every partition read
 * to its end offset at the start (`exitAtEnd`), or Ctrl-C.
 */
async function consumePartitions(
  sluice: Sluice,
  topic: string,
  partitions: PartitionOffsets[],
  options: ReadOptions,
) {
  const stop = new AbortController()
  const interrupt = () => stop.abort()
  process.once('SIGINT', interrupt)
  let consumed = 0
  let lastRecordAt = Date.now()
  const readPartition = async ({ partition, startOffset, endOffset }: PartitionOffsets) => {
    const stopAt = options.exitAtEnd ? endOffset : Number.POSITIVE_INFINITY
    let offset = options.offset
    const position = () => (offset === 'earliest' ? startOffset : offset === 'latest' ? endOffset : offset)
    while (!stop.signal.aborted && position() < stopAt) {
      const silentMs = Date.now() - lastRecordAt
      if (silentMs >= options.timeoutMs) return stop.abort()
      const batch = await sluice.execute(
        fetchRecords({
          topic,
          partition,
          offset,
          limit: Math.min(1000, Math.max(1, options.max - consumed), stopAt - position()),
          waitMs: Math.min(MAX_WAIT_MS, Math.max(0, options.timeoutMs - silentMs)),
        }),
        { signal: stop.signal },
      )
      for (const record of batch.records) {
        if (stop.signal.aborted || record.offset >= stopAt) return
        options.print(partition, record)
        lastRecordAt = Date.now()
        if (++consumed >= options.max) return stop.abort()
      }
      offset = batch.nextOffset
    }
  }
  try {
    await Promise.all(
      partitions.map((partition) =>
        readPartition(partition).catch((error: unknown) => {
          if (!stop.signal.aborted) {
            stop.abort()
            throw error
          }
        }),
      ),
    )
  } finally {
    process.off('SIGINT', interrupt)
  }
  return consumed
}
