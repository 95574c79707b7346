import {
  alterSubscription,
  type CreateSubscriptionInput,
  createSubscription,
  deleteSubscription,
  describeSubscription,
  listSubscriptions,
  type Subscription,
  type SubscriptionDescription,
  type SubscriptionPartition,
  type SubscriptionStartAt,
  type SubscriptionTarget,
} from '@sluice/sdk'
import { type Command, Option } from 'commander'
import {
  batchRecords,
  batchWaitMs,
  functionArn,
  maxAttempts,
  startAt,
  validName,
  webhookUrl,
} from '../checks.js'
import { clientFor, globalOptions } from '../client.js'
import { formatDuration } from '../duration.js'
import { plural, printJson, printTable } from '../output.js'

interface CreateOptions {
  topic: string
  webhook?: string
  secret?: string
  lambda?: string
  group?: string
  maxRecords?: number
  maxWaitMs?: number
  maxAttempts?: number
  deadLetterTopic?: string
  startAt?: SubscriptionStartAt
  exactlyOnce?: boolean
}

/** How long a last error may be in the table; `--json` has it whole. */
const SHOWN_ERROR_LENGTH = 60

export function subscriptionsCommand(program: Command): void {
  const subscriptions = program
    .command('subscriptions')
    .description(
      "push a topic's records to a webhook or Lambda function: create, list, describe, pause, resume, delete",
    )

  subscriptions
    .command('create')
    .description(
      'create a subscription delivering a topic to a webhook (--webhook, --secret) or a Lambda function (--lambda)',
    )
    .argument('<name>', 'the name of the new subscription', validName('subscription'))
    .requiredOption('--topic <topic>', 'the topic delivered', validName('--topic'))
    .option(
      '--webhook <url>',
      'POST each batch to this URL (https; http://127.0.0.1 on the local server)',
      webhookUrl('--webhook'),
    )
    .addOption(
      new Option('--secret <secret>', "the webhook's signing secret (see verifySignature in the SDK)").env(
        'SLUICE_WEBHOOK_SECRET',
      ),
    )
    .option(
      '--lambda <arn>',
      'invoke this Lambda function with each batch (a deployed stack)',
      functionArn('--lambda'),
    )
    .option('--group <group>', 'the group whose offsets it commits (default: the name)', validName('--group'))
    .option('--max-records <n>', 'most records per delivery (default 100)', batchRecords('--max-records'))
    .option(
      '--max-wait-ms <ms>',
      'wait up to this long to fill a batch (default 0: deliver at once)',
      batchWaitMs('--max-wait-ms'),
    )
    .option(
      '--max-attempts <n>',
      'attempts at a batch before it is split, or -1 for forever (default 10)',
      maxAttempts('--max-attempts'),
    )
    .option(
      '--dead-letter-topic <topic>',
      'where a record failing alone goes (default none: its partition is blocked)',
      validName('--dead-letter-topic'),
    )
    .option(
      '--start-at <where>',
      'earliest, latest (default) or an ISO 8601 date-time',
      startAt('--start-at'),
    )
    .option('--exactly-once', "append the target's answered records in one transaction with each commit")
    .action(async (name: string, options: CreateOptions, command: Command) => {
      const created = await clientFor(command).execute(
        createSubscription(createInput(name, options, command)),
      )
      if (globalOptions(command).json) return printJson(created)
      process.stdout.write(
        `Created subscription ${created.name}: ${created.topic} -> ${targetText(created.target)} ` +
          `(group ${created.group}, from ${startText(created.startAt)}, ${created.delivery})\n`,
      )
    })

  subscriptions
    .command('list')
    .description('list subscriptions: topic, target, partition states and total lag')
    .action(async (_options, command: Command) => {
      const sluice = clientFor(command)
      const all = await sluice.execute(listSubscriptions())
      if (globalOptions(command).json) return printJson(all)
      const described = await Promise.all(all.map((s) => sluice.execute(describeSubscription(s.name))))
      printTable(
        ['name', 'topic', 'target', 'state', 'lag'],
        described.map((s) => [
          s.name,
          s.topic,
          targetText(s.target),
          stateSummary(s),
          totalLag(s.partitions),
        ]),
      )
    })

  subscriptions
    .command('describe')
    .description('show a subscription and, per partition, committed offset, end, lag, state and errors')
    .argument('<name>', 'the subscription', validName('subscription'))
    .action(async (name: string, _options, command: Command) => {
      const described = await clientFor(command).execute(describeSubscription(name))
      if (globalOptions(command).json) return printJson(described)
      printDescription(described)
    })

  subscriptions
    .command('pause')
    .description('stop new deliveries (one in flight finishes)')
    .argument('<name>', 'the subscription', validName('subscription'))
    .action(async (name: string, _options, command: Command) => {
      const paused = await clientFor(command).execute(alterSubscription(name, { paused: true }))
      if (globalOptions(command).json) return printJson(paused)
      process.stdout.write(`Paused subscription ${name}: nothing more is delivered until it is resumed\n`)
    })

  subscriptions
    .command('resume')
    .description('deliver again, from the committed offsets')
    .argument('<name>', 'the subscription', validName('subscription'))
    .action(async (name: string, _options, command: Command) => {
      const resumed = await clientFor(command).execute(alterSubscription(name, { paused: false }))
      if (globalOptions(command).json) return printJson(resumed)
      process.stdout.write(`Resumed subscription ${name} from its committed offsets\n`)
    })

  subscriptions
    .command('delete')
    .description('stop delivery and delete the subscription (its group and offsets stay)')
    .argument('<name>', 'the subscription', validName('subscription'))
    .action(async (name: string, _options, command: Command) => {
      const sluice = clientFor(command)
      const { group } = await sluice.execute(describeSubscription(name))
      await sluice.execute(deleteSubscription(name))
      if (globalOptions(command).json) return printJson({ deleted: name })
      process.stdout.write(`Deleted subscription ${name}; group ${group} and its offsets stay\n`)
    })
}

/** The API's create body from the options; the target options' combinations are usage errors. */
function createInput(name: string, options: CreateOptions, command: Command): CreateSubscriptionInput {
  if ((options.webhook === undefined) === (options.lambda === undefined))
    command.error('error: give one of --webhook <url> and --lambda <arn>')
  // A secret from the environment is meant for webhooks; one on the command line next to --lambda is a mistake.
  if (options.lambda !== undefined && command.getOptionValueSource('secret') === 'cli')
    command.error(
      'error: --secret is for --webhook; a Lambda target is authenticated by its invoke permission',
    )
  if (options.webhook !== undefined && !options.secret)
    command.error('error: --webhook needs --secret <secret> (or SLUICE_WEBHOOK_SECRET)')
  const batch = {
    ...(options.maxRecords === undefined ? {} : { maxRecords: options.maxRecords }),
    ...(options.maxWaitMs === undefined ? {} : { maxWaitMs: options.maxWaitMs }),
  }
  return {
    name,
    topic: options.topic,
    target:
      options.lambda === undefined
        ? { type: 'webhook', url: options.webhook as string, secret: options.secret as string }
        : { type: 'lambda', functionArn: options.lambda },
    ...(options.group === undefined ? {} : { group: options.group }),
    ...(Object.keys(batch).length === 0 ? {} : { batch }),
    ...(options.maxAttempts === undefined ? {} : { retry: { maxAttempts: options.maxAttempts } }),
    ...(options.deadLetterTopic === undefined ? {} : { deadLetterTopic: options.deadLetterTopic }),
    ...(options.startAt === undefined ? {} : { startAt: options.startAt }),
    ...(options.exactlyOnce ? { delivery: 'exactly-once' } : {}),
  }
}

const dash = (value: number | string | null) => (value === null ? '-' : value)

const targetText = (target: SubscriptionTarget) =>
  target.type === 'webhook' ? `webhook ${target.url}` : `lambda ${target.functionArn}`

const startText = (start: SubscriptionStartAt) =>
  typeof start === 'string' ? start : new Date(start.timestamp).toISOString()

/** The states of a subscription's partitions, the ones that need attention first: `1 blocked, 7 idle`. */
const STATE_ORDER = ['blocked', 'retrying', 'delivering', 'idle', 'paused'] as const

function stateSummary(described: SubscriptionDescription): string {
  if (described.partitions.length === 0) return 'topic deleted'
  if (described.paused) return 'paused'
  return STATE_ORDER.map(
    (state) => [state, described.partitions.filter((p) => p.state === state).length] as const,
  )
    .filter(([, count]) => count > 0)
    .map(([state, count]) => `${count} ${state}`)
    .join(', ')
}

/** The lag of the partitions with a commit (every partition once the subscription was created). */
function totalLag(partitions: SubscriptionPartition[]): number {
  return partitions.reduce((sum, p) => sum + (p.lag ?? 0), 0)
}

function batchText({ batch }: Subscription): string {
  const wait =
    batch.maxWaitMs === 0 ? 'delivered at once' : `waiting up to ${formatDuration(batch.maxWaitMs)} to fill`
  return `up to ${plural(batch.maxRecords, 'record')} and ${batch.maxBytes} bytes, ${wait}`
}

function retryText({ retry }: Subscription): string {
  const attempts = retry.maxAttempts === -1 ? 'forever' : plural(retry.maxAttempts, 'attempt')
  return `${attempts}, backoff ${formatDuration(retry.minBackoffMs)} to ${formatDuration(retry.maxBackoffMs)}`
}

function printDescription(described: SubscriptionDescription): void {
  const { partitions } = described
  const uncommitted = partitions.filter((p) => p.lag === null).length
  const lag = `${totalLag(partitions)}${uncommitted === 0 ? '' : ` (${plural(uncommitted, 'partition')} without a commit)`}`
  const lines = [
    `Subscription: ${described.name}  Topic: ${described.topic}  Group: ${described.group}  ` +
      `State: ${stateSummary(described)}  Total lag: ${lag}`,
    `Target: ${targetText(described.target)}  Delivery: ${described.delivery}  ` +
      `Started at: ${startText(described.startAt)}`,
    `Batches: ${batchText(described)}  Retry: ${retryText(described)}  ` +
      `Dead letters: ${described.deadLetterTopic ?? 'none (a record failing alone blocks its partition)'}`,
  ]
  process.stdout.write(`${lines.join('\n')}\n`)
  printTable(
    ['partition', 'committed', 'end', 'lag', 'state', 'attempts', 'last error', 'next attempt'],
    partitions.map((p) => [
      p.partition,
      dash(p.committedOffset),
      p.endOffset,
      dash(p.lag),
      p.state,
      p.attempts,
      p.lastError === null ? '-' : shortened(p.lastError),
      p.nextAttemptAt === null ? '-' : new Date(p.nextAttemptAt).toISOString(),
    ]),
  )
}

function shortened(text: string): string {
  const line = text.replace(/\s+/g, ' ')
  return line.length > SHOWN_ERROR_LENGTH ? `${line.slice(0, SHOWN_ERROR_LENGTH - 1)}…` : line
}
