/** The `sluice` command line: topics, produce, consume, groups, subscriptions, dev. See docs/cli.md. */

import { VERSION } from '@sluice/sdk'
import { Command } from 'commander'
import { consumeCommand } from './commands/consume.js'
import { devCommand } from './commands/dev.js'
import { groupsCommand } from './commands/groups.js'
import { produceCommand } from './commands/produce.js'
import { subscriptionsCommand } from './commands/subscriptions.js'
import { topicsCommand } from './commands/topics.js'
import { describeError } from './output.js'

const program = new Command('sluice')
  .version(VERSION)
  .description("Kafka's model as a serverless service: the command line")
  .option(
    '--url <url>',
    'service URL, http:// if left out (or SLUICE_URL)',
    process.env.SLUICE_URL ?? 'http://127.0.0.1:4100',
  )
  .option('--api-key <key>', 'API key (or SLUICE_API_KEY)', process.env.SLUICE_API_KEY)
  .option('--json', 'print JSON for scripts instead of tables and messages')
  .showHelpAfterError()

topicsCommand(program)
produceCommand(program)
consumeCommand(program)
groupsCommand(program)
subscriptionsCommand(program)
devCommand(program)

try {
  await program.parseAsync()
} catch (error) {
  process.stderr.write(`${describeError(error, program.opts<{ url: string }>().url)}\n`)
  process.exitCode = 1
}
