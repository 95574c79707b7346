/**
 * The curl commands of README.md's tour of the HTTP API, read as requests: what
 * readme-walkthrough.test.ts sends, in order, through a client generated from the OpenAPI document.
 */

/** One curl command of the README and what it asks. */
export interface CurlStep {
  /** The command as the README writes it (continued lines joined), to name it in a failure. */
  line: string
  method: string
  path: string
  query: URLSearchParams
  headers: Record<string, string>
  /** The `-d` body, parsed. */
  body?: unknown
  /** Sent in the background (`&`): the commands after it run while it waits. */
  background: boolean
  /** The answer the README shows for it (a `# -> ...` line after it), as `readShownAnswer` reads it. */
  shown?: unknown
}

const SECTION = /^#+ .*The HTTP API, with curl\s*$/m

/** The curl commands of the README's section on the HTTP API, in order. */
export function readmeCurlSteps(readme: string): CurlStep[] {
  const section = SECTION.exec(readme)
  if (!section) throw new Error(`README.md has no heading matching ${SECTION}`)
  const block = /```sh\n([\s\S]*?)\n```/.exec(readme.slice(section.index))
  if (!block) throw new Error('the HTTP API section of README.md has no sh block')
  const steps: CurlStep[] = []
  for (const line of (block[1] as string).replace(/\s*\\\n\s*/g, ' ').split('\n')) {
    const shown = /^#\s*->\s*(.*)$/.exec(line.trim())
    if (shown) {
      const step = steps.at(-1)
      if (!step) throw new Error(`README.md shows an answer before any command: ${line}`)
      step.shown = readShownAnswer(shown[1] as string)
    } else if (line.trim() !== '' && !line.trim().startsWith('#')) {
      steps.push(curlStep(line.trim()))
    }
  }
  return steps
}

/** A curl command line as a request; throws, naming the line, on anything it does not know. */
export function curlStep(line: string): CurlStep {
  const words = shellWords(line)
  const fail = (why: string) => new Error(`README.md: ${why}: ${line}`)
  if (words[0] !== 'curl') throw fail('not a curl command')
  const background = words.at(-1) === '&'
  const args = words.slice(1, background ? -1 : undefined)
  let method: string | undefined
  let url: URL | undefined
  let body: unknown
  const headers: Record<string, string> = {}
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string
    const value = () => {
      const next = args[++i]
      if (next === undefined) throw fail(`${arg} without a value`)
      return next
    }
    if (arg === '-s' || arg === '--silent') continue
    if (arg === '-X' || arg === '--request') method = value()
    else if (arg.startsWith('-X')) method = arg.slice(2)
    else if (arg === '-H' || arg === '--header') {
      const [name, ...rest] = value().split(':')
      headers[(name as string).trim()] = rest.join(':').trim()
    } else if (arg === '-d' || arg === '--data') {
      const text = value()
      try {
        body = JSON.parse(text)
      } catch {
        throw fail('a body that is not JSON')
      }
    } else if (!arg.startsWith('-') && url === undefined)
      url = new URL(/^https?:\/\//.test(arg) ? arg : `http://${arg}`)
    else throw fail(`an argument the test does not know (${arg})`)
  }
  if (!url) throw fail('no URL')
  return {
    line,
    // As curl: POST with a body, GET without.
    method: (method ?? (body === undefined ? 'GET' : 'POST')).toUpperCase(),
    path: url.pathname,
    query: url.searchParams,
    headers,
    ...(body === undefined ? {} : { body }),
    background,
  }
}

/** The line split into words as a POSIX shell splits it (quotes and backslashes; no expansions). */
function shellWords(line: string): string[] {
  const words: string[] = []
  let word: string | undefined
  for (let i = 0; i < line.length; i++) {
    const char = line[i] as string
    if (char === "'") {
      const end = line.indexOf("'", i + 1)
      if (end < 0) throw new Error(`README.md: an unclosed quote: ${line}`)
      word = (word ?? '') + line.slice(i + 1, end)
      i = end
    } else if (char === '"') {
      let text = ''
      for (i++; i < line.length && line[i] !== '"'; i++) {
        text += line[i] === '\\' && /["\\$`]/.test(line[i + 1] ?? '') ? line[++i] : line[i]
      }
      word = (word ?? '') + text
    } else if (char === '\\') {
      word = (word ?? '') + (line[++i] ?? '')
    } else if (/\s/.test(char)) {
      if (word !== undefined) words.push(word)
      word = undefined
    } else {
      word = (word ?? '') + char
    }
  }
  if (word !== undefined) words.push(word)
  return words
}

/** Stands for a value the README elides (`"timestamp":...`): any value. */
export const ANY = Symbol('any value')
/** Ends an object or array the README cuts short (`,...}`, `,...]`): more may follow. */
export const MORE = Symbol('more')

/**
 * An answer as the README shows it, `...` eliding: JSON where a `...` value is `ANY`, and an object or
 * array ending in `...` carries `MORE` (an object as a key, an array as its last item).
 */
export function readShownAnswer(text: string): unknown {
  let json = ''
  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string
    if (char === '"') {
      const start = i
      for (i++; text[i] !== '"'; i++) if (text[i] === '\\') i++
      json += text.slice(start, i + 1)
    } else if (text.startsWith('...', i)) {
      const before = json.trimEnd().at(-1)
      const after = text.slice(i + 3).trimStart()[0]
      if (before === ':') json += '"$any"'
      else if (after === '}') json += '"$more":true'
      else if (after === ']') json += '"$more"'
      else throw new Error(`README.md: an elision the test cannot read: ${text}`)
      i += 2
    } else json += char
  }
  return JSON.parse(json, (_, value) => {
    if (value === '$any') return ANY
    if (Array.isArray(value) && value.at(-1) === '$more') return [...value.slice(0, -1), MORE]
    if (value !== null && typeof value === 'object' && !Array.isArray(value) && value.$more === true) {
      const { $more: _, ...rest } = value
      return { ...rest, [MORE]: true }
    }
    return value
  })
}
