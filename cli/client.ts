import { Sluice } from '@sluice/sdk'
import { type Command, InvalidArgumentError } from 'commander'
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

/** Parses a non-negative integer option, refusing anything else with a clear message. */
export function integer(name: string) {
  return (text: string): number => {
    const value = Number(text)
    if (!/^\d+$/.test(text) || !Number.isSafeInteger(value))
      throw new InvalidArgumentError(`${name} must be a non-negative integer`)
    return value
  }
}
