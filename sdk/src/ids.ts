/**
 * Ids made in the client. Random bytes come from `crypto.getRandomValues`, which every runtime has,
 * secure context or not (unlike `randomUUID` and `subtle`).
 */

export function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')
}

/** `byteCount` random bytes, in hex. */
export function randomHex(byteCount: number): string {
  return hex(crypto.getRandomValues(new Uint8Array(byteCount)))
}

/** What the member id needs of Node's `process`, looked up at run time (browsers and edge runtimes have none). */
interface NodeProcess {
  pid: number
  env?: Record<string, string | undefined>
  getBuiltinModule?: (id: string) => unknown
}

/** Longest host name part kept, leaving room for the pid and random part within the 249-character limit. */
const MAX_HOST_LENGTH = 200

/**
 * A member id a person can read in a group's description: `<hostname>-<pid>-<8 hex digits>` in Node
 * (which process, and which consumer in it), 16 random hex digits elsewhere. `scope` is where the
 * runtime's globals are looked up; tests pass their own.
 */
export function defaultMemberId(scope: object = globalThis): string {
  const process = nodeProcess(scope)
  if (process === undefined) return randomHex(8)
  const host = hostname(process)
    ?.replace(/[^A-Za-z0-9._-]/g, '-')
    .slice(0, MAX_HOST_LENGTH)
  return [host, process.pid, randomHex(4)].filter(Boolean).join('-')
}

function nodeProcess(scope: object): NodeProcess | undefined {
  const candidate = (scope as { process?: Partial<NodeProcess> }).process
  return typeof candidate?.pid === 'number' ? (candidate as NodeProcess) : undefined
}

/** `os.hostname()` without importing `node:os` (which would keep the SDK out of browsers), else `$HOSTNAME`. */
function hostname(process: NodeProcess): string | undefined {
  try {
    const os = process.getBuiltinModule?.('node:os') as { hostname?: () => string } | undefined
    const name = os?.hostname?.()
    if (name) return name
  } catch {
    // A runtime that refuses the lookup: fall back to the environment.
  }
  return process.env?.HOSTNAME || undefined
}
