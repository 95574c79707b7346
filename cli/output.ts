/** What the CLI writes: tables for people, JSON for scripts, errors as `error: CODE: message` on stderr. */
import { SluiceError } from '@sluice/sdk'
import { withScheme } from './url.js'

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`)
}

/** Left-aligned columns separated by two spaces, headers in capitals. */
export function printTable(headers: string[], rows: Array<Array<string | number>>): void {
  const cells = [headers.map((header) => header.toUpperCase()), ...rows.map((row) => row.map(String))]
  const widths = headers.map((_, column) => Math.max(...cells.map((row) => (row[column] ?? '').length)))
  for (const row of cells) {
    const line = row.map((cell, column) => cell.padEnd(widths[column] as number)).join('  ')
    process.stdout.write(`${line.trimEnd()}\n`)
  }
}

/** `1 partition`, `2 partitions`. */
export function plural(count: number, noun: string): string {
  return `${count} ${count === 1 ? noun : `${noun}s`}`
}

/** The error as one line; one that never reached the service says where it looked and what to check. */
export function describeError(error: unknown, url: string): string {
  if (error instanceof SluiceError && error.code === 'NETWORK') {
    return (
      `error: ${error.code}: cannot reach Sluice at ${withScheme(url)}: is \`npm start\` running? ` +
      `Set SLUICE_URL or --url (${error.message})`
    )
  }
  if (error instanceof SluiceError) return `error: ${error.code}: ${error.message}`
  if (error instanceof Error) return `error: ${error.message}`
  return `error: ${String(error)}`
}

/**
 * A progress line on a terminal (stderr), redrawn in place, for long operations.
 * Nothing is drawn when stderr is not a terminal, so pipes and logs stay clean.
 */
export class Progress {
  readonly #timer: ReturnType<typeof setInterval> | undefined
  readonly #started = Date.now()

  constructor(render: (elapsedMs: number) => string) {
    if (!process.stderr.isTTY) return
    this.#timer = setInterval(
      () => process.stderr.write(`\r\x1b[K${render(Date.now() - this.#started)}`),
      250,
    )
    this.#timer.unref()
  }

  stop(): void {
    if (this.#timer === undefined) return
    clearInterval(this.#timer)
    process.stderr.write('\r\x1b[K')
  }
}
