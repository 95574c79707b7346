import { Logger, type LogItem, LogLevelThreshold } from '@aws-lambda-powertools/logger'
import { SERVICE_NAME } from './names.js'

/** Fields every line has: shown by position (time, level, message), or not at all. */
const POSITIONAL = new Set(['timestamp', 'level', 'message', 'service', 'sampling_rate'])

/**
 * Powertools' logger, printing a line a person reads at a terminal instead of JSON: time, level and
 * message, then the other fields as key=value, and an error's stack on the lines below. Levels as in
 * `createLogger`; warnings and errors go to stderr, as Powertools sends them.
 */
export class ReadableLogger extends Logger {
  constructor() {
    super({ serviceName: SERVICE_NAME })
  }

  protected override printLog(logLevel: number, log: LogItem): void {
    log.prepareForPrint()
    const stream = logLevel >= LogLevelThreshold.WARN ? process.stderr : process.stdout
    stream.write(`${readableLine(log.getAttributes())}\n`)
  }
}

/** `12:03:04.118 INFO  request method=GET route=/health status=200`, then any error's stack. */
export function readableLine(attributes: Readonly<Record<string, unknown>>): string {
  const { timestamp, level, message } = attributes
  // Powertools' timestamps are ISO 8601: the time of day is characters 11 to 23.
  const time = typeof timestamp === 'string' ? timestamp.slice(11, 23) : ''
  const fields: string[] = []
  const stacks: string[] = []
  for (const [key, value] of Object.entries(attributes)) {
    if (POSITIONAL.has(key) || value === undefined) continue
    if (value instanceof Error) {
      fields.push(`${key}=${plain(`${value.name}: ${value.message}`)}`)
      stacks.push(stackOf(value))
    } else {
      fields.push(`${key}=${plain(value)}`)
    }
  }
  return [[time, String(level).padEnd(5), String(message), ...fields].join(' '), ...stacks].join('\n')
}

/** A value as it reads best: bare when it is one word, else as JSON. */
function plain(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  if (typeof value === 'string' && /^[^\s"=]+$/.test(value)) return value
  return JSON.stringify(value)
}

function stackOf(error: Error): string {
  const own = error.stack ?? `${error.name}: ${error.message}`
  return error.cause instanceof Error ? `${own}\nCaused by: ${stackOf(error.cause)}` : own
}
