import { vi } from 'vitest'

/**
 * What this process writes to stdout and stderr while `run` runs, line by line: Powertools' logger and
 * metrics write there through a Console of their own, which the test runner's console capture misses.
 * Nothing captured reaches the terminal.
 */
export async function captureOutput<T>(run: () => Promise<T>): Promise<{ result: T; lines: string[] }> {
  const lines: string[] = []
  const capture = (stream: NodeJS.WriteStream) =>
    vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
      const text = typeof chunk === 'string' ? chunk : new TextDecoder().decode(chunk)
      lines.push(...text.split('\n').filter((line) => line.length > 0))
      return true
    })
  const spies = [capture(process.stdout), capture(process.stderr)]
  try {
    return { result: await run(), lines }
  } finally {
    for (const spy of spies) spy.mockRestore()
  }
}

/** The lines that are JSON objects, parsed (log lines and EMF metric lines); one that does not parse throws. */
export function jsonLines(lines: readonly string[]): Record<string, unknown>[] {
  return lines
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
}
