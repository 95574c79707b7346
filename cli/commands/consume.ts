import { type Command, InvalidArgumentError } from 'commander'
import { describeTopic, type FetchedRecord, fetchRecords, type Sluice } from '../../sdk/src/index.js'
import { clientFor, globalOptions, integer } from '../client.js'
import { printJson } from '../output.js'

type StartOffset = number | 'earliest' | 'latest'

interface ConsumeOptions {
  partition?: number
  offset?: StartOffset
  fromBeginning?: boolean
  max?: number
  format?: 'json' | 'value'
  timeoutMs?: number
}

/** Longest a fetch waits on the service for new records (the SDK consumer's `maxWaitMs`). */
const MAX_WAIT_MS = 5_000

function startOffset(text: string): StartOffset {
  if (text === 'earliest' || text === 'latest') return text
  if (/^\d+$/.test(text)) return Number(text)
  throw new InvalidArgumentError('--offset must be an offset, earliest or latest')
}

function format(text: string): 'json' | 'value' {
  if (text === 'json' || text === 'value') return text
  throw new InvalidArgumentError('--format must be json or value')
}

export function consumeCommand(program: Command): void {
  program
    .command('consume <topic>')
    .description('print records as they arrive (reads partitions directly, without a group)')
    .option('--partition <p>', 'read only this partition (default: all)', integer('--partition'))
    .option(
      '--offset <offset>',
      'where to start: an offset, earliest or latest (default latest)',
      startOffset,
    )
    .option('--from-beginning', 'start at the earliest record still held')
    .option('--max <n>', 'exit after printing this many records', integer('--max'))
    .option('--format <format>', 'json (one object per line) or value (default; json with --json)', format)
    .option('--timeout-ms <ms>', 'exit after this long without a new record', integer('--timeout-ms'))
    .action(async (topic: string, options: ConsumeOptions, command: Command) => {
      const sluice = clientFor(command)
      const asJson = (options.format ?? (globalOptions(command).json ? 'json' : 'value')) === 'json'
      const print = (partition: number, record: FetchedRecord<string>) => {
        if (asJson) printJson({ topic, partition, ...record })
        else process.stdout.write(`${record.value ?? 'null'}\n`)
      }
      const partitions =
        options.partition === undefined
          ? Array.from({ length: (await sluice.execute(describeTopic(topic))).partitions }, (_, p) => p)
          : [options.partition]
      const consumed = await consumePartitions(sluice, topic, partitions, {
        offset: options.offset ?? (options.fromBeginning ? 'earliest' : 'latest'),
        max: options.max ?? Number.POSITIVE_INFINITY,
        timeoutMs: options.timeoutMs ?? Number.POSITIVE_INFINITY,
        print,
      })
      if (process.stderr.isTTY) process.stderr.write(`Processed a total of ${consumed} records\n`)
    })
}

interface ReadOptions {
  offset: StartOffset
  max: number
  timeoutMs: number
  print: (partition: number, record: FetchedRecord<string>) => void
}

/** Long-polls every partition at once until `max` records, `timeoutMs` of silence, or Ctrl-C. */
async function consumePartitions(sluice: Sluice, topic: string, partitions: number[], options: ReadOptions) {
  const stop = new AbortController()
  const interrupt = () => stop.abort()
  process.once('SIGINT', interrupt)
  let consumed = 0
  let lastRecordAt = Date.now()
  const readPartition = async (partition: number) => {
    let offset = options.offset
    while (!stop.signal.aborted) {
      const silentMs = Date.now() - lastRecordAt
      if (silentMs >= options.timeoutMs) return stop.abort()
      const batch = await sluice.execute(
        fetchRecords({
          topic,
          partition,
          offset,
          limit: Math.min(1000, Math.max(1, options.max - consumed)),
          waitMs: Math.min(MAX_WAIT_MS, Math.max(0, options.timeoutMs - silentMs)),
        }),
        { signal: stop.signal },
      )
      for (const record of batch.records) {
        if (stop.signal.aborted) return
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
