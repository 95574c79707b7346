import { createInterface } from 'node:readline'
import { describeTopic, type Message, type RecordMetadata } from '@sluice/sdk'
import type { Command } from 'commander'
import { checkPartition, integer, validName } from '../checks.js'
import { clientFor, globalOptions } from '../client.js'
import { Progress, plural, printJson } from '../output.js'

interface ProduceOptions {
  key?: string
  partition?: number
  keySeparator?: string
  verbose?: boolean
  lingerMs: number
}

/** Sends awaiting an answer at most; reading stdin pauses beyond it, so memory stays bounded. */
const MAX_OUTSTANDING = 10_000

function messageOf(line: string, lineNumber: number, options: ProduceOptions): Message {
  const partition = options.partition === undefined ? {} : { partition: options.partition }
  if (options.keySeparator === undefined) {
    return { key: options.key ?? null, value: line, ...partition }
  }
  const at = line.indexOf(options.keySeparator)
  if (at < 0)
    throw new Error(`line ${lineNumber} has no key separator ${JSON.stringify(options.keySeparator)}`)
  return { key: line.slice(0, at), value: line.slice(at + options.keySeparator.length), ...partition }
}

export function produceCommand(program: Command): void {
  program
    .command('produce')
    .description('send one record per line of standard input')
    .argument('<topic>', 'the topic to send to', validName('topic'))
    .option('--key <key>', 'key of every record (default: none, spread over partitions)')
    .option('--partition <p>', 'send every record to this partition', integer('--partition'))
    .option('--key-separator <sep>', 'split each line at the first <sep> into key and value')
    .option('--verbose', "print each record's partition and offset, in input order")
    .option('--linger-ms <ms>', 'how long a batch waits for more lines', integer('--linger-ms'), 5)
    .action(async (topic: string, options: ProduceOptions, command: Command) => {
      const { json } = globalOptions(command)
      const sluice = clientFor(command)
      if (options.partition !== undefined) {
        // Checked here, once, rather than per record by the producer: one message, in the service's words.
        const { partitions } = await sluice.execute(describeTopic(topic))
        checkPartition('--partition', options.partition, partitions)
      }
      const producer = sluice.producer({ lingerMs: options.lingerMs })
      const outstanding: Array<Promise<RecordMetadata[]>> = []
      let sent = 0
      let acknowledged = 0
      const progress = new Progress((elapsedMs) => {
        const rate = Math.round((acknowledged * 1000) / Math.max(elapsedMs, 1))
        return `${acknowledged} of ${plural(sent, 'record')} sent (${rate} records/s)`
      })
      const settleOldest = async () => {
        const [metadata] = await (outstanding.shift() as Promise<RecordMetadata[]>)
        acknowledged++
        if (!options.verbose || !metadata) return
        if (json) printJson(metadata)
        else process.stdout.write(`${metadata.partition}\t${metadata.offset}\n`)
      }
      try {
        const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY })
        for await (const line of lines) {
          const send = producer.send({ topic, messages: [messageOf(line, sent + 1, options)] })
          send.catch(() => {}) // awaited in order by settleOldest; this only marks it handled
          outstanding.push(send)
          sent++
          if (outstanding.length >= MAX_OUTSTANDING) await settleOldest()
        }
        while (outstanding.length > 0) await settleOldest()
      } finally {
        progress.stop()
        await producer.close().catch(() => {})
      }
      if (json && !options.verbose) printJson({ topic, records: acknowledged })
      else if (process.stderr.isTTY)
        process.stderr.write(`Sent ${plural(acknowledged, 'record')} to ${topic}\n`)
    })
}
