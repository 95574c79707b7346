import type { Command } from 'commander'
import { integer } from '../checks.js'

interface DevOptions {
  port?: number
  host?: string
  dataDir?: string
}

export function devCommand(program: Command): void {
  program
    .command('dev')
    .description('run the local service (what `npm start` runs): DynamoDB Local, s3rver and the API')
    .option('--port <port>', 'port to listen on (default 4100, or PORT)', integer('--port', 0, 65_535))
    .option('--host <host>', 'address to bind (default 127.0.0.1, or HOST)')
    .option(
      '--data-dir <dir>',
      'where data is kept across restarts (default ./.sluice-data, or SLUICE_DATA_DIR)',
    )
    .action(async (options: DevOptions) => {
      if (options.port !== undefined) process.env.PORT = String(options.port)
      if (options.host !== undefined) process.env.HOST = options.host
      if (options.dataDir !== undefined) process.env.SLUICE_DATA_DIR = options.dataDir
      // The local server is a script: importing it starts it, and it stops on SIGINT/SIGTERM.
      await import(new URL('../../functions/local/main.ts', import.meta.url).href)
    })
}
