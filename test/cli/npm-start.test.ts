/** `npm start` as a user (or Docker, or Kubernetes) runs and stops it: quiet on a supported Node, nothing left behind. */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort } from '../../functions/local/emulators.js'

/** Longest the server may take to stop everything once signalled (DynamoDB Local gets 5 s before SIGKILL). */
const STOP_BOUND_MS = 20_000

let dataDir: string | undefined
let started: { npm: ChildProcess; output: () => string; port: number } | undefined
/** Every process `npm start` started, seen while it ran: they are no longer its descendants once orphaned. */
const seen = new Set<number>()

afterAll(() => {
  // A failed assertion must not leave a server behind: end whatever this file started.
  if (started) for (const pid of descendants(started.npm.pid as number)) seen.add(pid)
  for (const pid of seen) if (alive(pid)) kill(pid, 'SIGKILL')
  started?.npm.kill('SIGKILL')
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
})

/** Parent of each live process, from /proc (Linux). */
function parents(): Map<number, number> {
  const byPid = new Map<number, number>()
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so read after the last ')'.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      if (state !== 'Z') byPid.set(Number(entry), Number(ppid))
    } catch {
      // exited while listed
    }
  }
  return byPid
}

function descendants(root: number): number[] {
  const byPid = parents()
  const found: number[] = []
  const queue = [root]
  while (queue.length > 0) {
    const parent = queue.shift() as number
    for (const [pid, ppid] of byPid) {
      if (ppid === parent) {
        found.push(pid)
        queue.push(pid)
      }
    }
  }
  return found
}

const alive = (pid: number) => parents().has(pid)

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ')
  } catch {
    return `${pid} (exited)`
  }
}

function kill(pid: number, signal: NodeJS.Signals) {
  try {
    process.kill(pid, signal)
  } catch {
    // gone already
  }
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}

/** Polls `condition` until it holds or `boundMs` passes; answers whether it held. */
async function eventually(condition: () => boolean | Promise<boolean>, boundMs: number): Promise<boolean> {
  const deadline = Date.now() + boundMs
  while (Date.now() < deadline) {
    if (await condition()) return true
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  return condition()
}

async function npmStart(): Promise<NonNullable<typeof started>> {
  dataDir = mkdtempSync(join(tmpdir(), 'sluice-npm-start-'))
  const port = await freePort()
  const { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: _quietInTests, ...env } = process.env
  const npm = spawn('npm', ['start'], {
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
    env: { ...env, PORT: String(port), SLUICE_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  npm.stdout?.on('data', (chunk) => {
    output += chunk
  })
  npm.stderr?.on('data', (chunk) => {
    output += chunk
  })
  const running = await eventually(
    () => output.includes('Sluice is running at') || npm.exitCode !== null,
    90_000,
  )
  expect(running && npm.exitCode === null, output).toBe(true)
  return { npm, output: () => output, port }
}

describe('npm start', { timeout: 150_000 }, () => {
  beforeAll(async () => {
    started = await npmStart()
  }, 120_000)

  it('starts without warnings on a supported Node', () => {
    expect(started?.output()).toContain('Sluice is running at')
    expect(started?.output()).not.toMatch(/warning/i)
  })

  it('stops everything, port and child processes, on SIGTERM to the npm process alone', async () => {
    const { npm, port, output } = started as NonNullable<typeof started>
    expect(await portOpen(port)).toBe(true)
    const children = descendants(npm.pid as number)
    for (const pid of children) seen.add(pid)
    expect(children.map(commandLine).join('\n')).toMatch(/java/)

    npm.kill('SIGTERM')
    const stopped = await eventually(
      async () => !(await portOpen(port)) && children.every((pid) => !alive(pid)),
      STOP_BOUND_MS,
    )
    const survivors = children.filter(alive).map(commandLine)
    expect({ stopped, survivors }, output()).toEqual({ stopped: true, survivors: [] })
  })
})
