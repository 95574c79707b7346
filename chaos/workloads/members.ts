import { type ChildProcess, fork } from 'node:child_process'
import { closeSync, openSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { sleep } from '../../sdk/src/sleep.js'
import type { Op } from '../history.js'
import { MEMBER_ENV, type MemberConfig } from '../member/config.js'
import { readJournal } from '../member/journal.js'

export type MemberSettings = Omit<MemberConfig, 'memberId' | 'process' | 'journal' | 'seed'> & {
  workDir: string
  seed: number
}

interface Incarnation {
  process: string
  journal: string
  child: ChildProcess
  exited: Promise<void>
  endedAt: number | undefined
  paused: boolean
}

const MEMBER_SCRIPT = fileURLToPath(new URL('../member/main.ts', import.meta.url))
const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url))

/**
 * The exactly-once consumer group's members, each a child process (see member/main.ts), so that a
 * killed member is really gone and a stopped one really runs on, as a zombie, when continued. A member
 * restarted after a kill, or one that exited on its own, is a new incarnation under the same member id.
 */
export class MemberPool {
  readonly #incarnations = new Map<string, Incarnation[]>()
  /** Children the runner killed on purpose (a member that ends otherwise is restarted). */
  readonly #killed = new WeakSet<ChildProcess>()
  #stopping = false

  constructor(
    readonly memberIds: readonly string[],
    private readonly settings: MemberSettings,
  ) {}

  startAll(): void {
    for (const id of this.memberIds) this.start(id)
  }

  start(memberId: string): void {
    const incarnations = this.#incarnations.get(memberId) ?? []
    this.#incarnations.set(memberId, incarnations)
    const process = `${memberId}#${incarnations.length + 1}`
    const { workDir, seed, ...shared } = this.settings
    const journal = join(workDir, `${process}.jsonl`)
    const config: MemberConfig = {
      ...shared,
      memberId,
      process,
      journal,
      seed: (seed + incarnations.length * 7919 + memberId.length) >>> 0,
    }
    const log = openSync(join(workDir, `${process}.log`), 'a')
    const child = fork(MEMBER_SCRIPT, [], {
      cwd: REPO_ROOT,
      execArgv: ['--import', 'tsx'],
      env: { ...globalThis.process.env, [MEMBER_ENV]: JSON.stringify(config) },
      stdio: ['ignore', log, log, 'ipc'],
    })
    closeSync(log)
    const incarnation: Incarnation = {
      process,
      journal,
      child,
      endedAt: undefined,
      paused: false,
      exited: new Promise((resolve) => {
        child.once('exit', () => {
          incarnation.endedAt = Date.now()
          resolve()
          // A member that ended on its own (its SDK gave up starting, say) is started again.
          if (!this.#stopping && !this.#killed.has(child))
            setTimeout(() => this.#restartIfDead(memberId), 1000)
        })
      }),
    }
    incarnations.push(incarnation)
  }

  /** The member's current incarnation, if it is running. */
  #current(memberId: string): Incarnation | undefined {
    const current = this.#incarnations.get(memberId)?.at(-1)
    return current && current.endedAt === undefined ? current : undefined
  }

  #restartIfDead(memberId: string): void {
    if (!this.#stopping && !this.#current(memberId)) this.start(memberId)
  }

  running(): string[] {
    return this.memberIds.filter((id) => this.#current(id) && !this.#current(id)?.paused)
  }

  dead(): string[] {
    return this.memberIds.filter((id) => !this.#current(id))
  }

  paused(): string[] {
    return this.memberIds.filter((id) => this.#current(id)?.paused)
  }

  async kill(memberId: string): Promise<void> {
    const current = this.#current(memberId)
    if (!current) return
    this.#killed.add(current.child)
    current.child.kill('SIGKILL')
    await current.exited
  }

  pause(memberId: string): void {
    const current = this.#current(memberId)
    if (!current || current.paused) return
    current.paused = current.child.kill('SIGSTOP')
  }

  resume(memberId: string): void {
    const current = this.#current(memberId)
    if (!current?.paused) return
    current.child.kill('SIGCONT')
    current.paused = false
  }

  /** Asks every member to stop cleanly (release its leases, leave), killing those that do not in time. */
  async stopAll(graceMs: number): Promise<void> {
    this.#stopping = true
    const live = this.memberIds.map((id) => this.#current(id)).filter((i) => i !== undefined)
    for (const incarnation of live) {
      if (incarnation.paused) incarnation.child.kill('SIGCONT')
      incarnation.child.send({ type: 'stop' }, () => {})
    }
    await Promise.race([Promise.all(live.map((i) => i.exited)), sleep(graceMs)])
    await this.killAll()
  }

  /** Kills every member process still running: the runner's last word, on any path. */
  async killAll(): Promise<void> {
    this.#stopping = true
    const live = this.memberIds.map((id) => this.#current(id)).filter((i) => i !== undefined)
    for (const incarnation of live) {
      this.#killed.add(incarnation.child)
      incarnation.child.kill('SIGKILL')
    }
    await Promise.all(live.map((i) => i.exited))
  }

  /** Every incarnation's recorded ops. */
  ops(): Op[] {
    const now = Date.now()
    return [...this.#incarnations.values()].flat().flatMap((i) => readJournal(i.journal, i.endedAt ?? now))
  }
}
