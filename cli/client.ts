import { Sluice } from '@sluice/sdk'
import type { Command } from 'commander'
import { serviceUrl } from './url.js'

export interface GlobalOptions {
  url: string
  apiKey?: string
  json?: boolean
}

export function globalOptions(command: Command): GlobalOptions {
  return command.optsWithGlobals<GlobalOptions>()
}

export function clientFor(command: Command): Sluice {
  const { url, apiKey } = globalOptions(command)
  // Fewer, quicker retries than the SDK's default: a person is waiting at the terminal.
  return new Sluice({
    url: serviceUrl(url),
    retry: { retries: 3, initialMs: 200 },
    ...(apiKey ? { apiKey } : {}),
  })
}
