import { type ChildProcess, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { FaultProxy, InstanceOptions, ServiceInstance } from './types.js'

const repositoryRoot = fileURLToPath(new URL('../..', import.meta.url))
const preloads = ['orphan-guard.ts', 'clock-skew.ts'].map((file) => new URL(file, import.meta.url).href)
const OUTPUT_LINES = 200
const HEALTHY_WITHIN_MS = 60_000

/**
 * Every instance process alive in this process: killed when it exits (a test that throws, a runner
 * that ends), where no `stop()` runs. A process killed outright is covered by the orphan guard.
 */
const alive = new Set<ChildProcess>()
process.once('exit', () => {
  for (const child of alive) child.kill('SIGKILL')
})

export interface InstanceSettings {
  name: string
  port: number
  dynamo: FaultProxy
  s3: FaultProxy
  /** Environment of every instance of the cluster. */
  env: Record<string, string>
}

/**
 * One service instance, `npm start`'s own entry point run by node itself (tsx as an --import
 * loader), so that its pid is the serving process's: a signal reaches it, not a wrapper.
 */
export class InstanceProcess implements ServiceInstance {
  readonly name: string
  readonly url: string
  readonly dynamo: FaultProxy
  readonly s3: FaultProxy
  private child: ChildProcess | undefined
  private exited: Promise<void> = Promise.resolve()
  private lines: string[] = []
  private isPaused = false

  constructor(
    private readonly settings: InstanceSettings,
    private options: InstanceOptions = {},
  ) {
    this.name = settings.name
    this.url = `http://127.0.0.1:${settings.port}`
    this.dynamo = settings.dynamo
    this.s3 = settings.s3
  }

  get running(): boolean {
    return this.child !== undefined
  }

  get paused(): boolean {
    return this.running && this.isPaused
  }

  get pid(): number | undefined {
    return this.child?.pid
  }

  get output(): string {
    return this.lines.join('\n')
  }

  kill(): void {
    this.child?.kill('SIGKILL')
    this.child = undefined
  }

  pause(): void {
    if (!this.child) return
    this.child.kill('SIGSTOP')
    this.isPaused = true
  }

  resume(): void {
    if (!this.child) return
    this.child.kill('SIGCONT')
    this.isPaused = false
  }

  async restart(options?: InstanceOptions): Promise<void> {
    this.kill()
    // The port is free once the killed process is gone.
    await this.exited
    if (options) this.options = options
    await this.start()
  }

  /** Starts the process and waits until it answers /health; kills it if it does not. */
  async start(): Promise<void> {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', ...preloads.flatMap((p) => ['--import', p]), 'functions/local/main.ts'],
      {
        cwd: repositoryRoot,
        env: this.environment(),
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    )
    this.child = child
    this.isPaused = false
    alive.add(child)
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        alive.delete(child)
        this.note(`[${this.name} exited: ${signal ?? `code ${code}`}]`)
        if (this.child === child) this.child = undefined
        resolve()
      }),
    )
    this.capture(child)
    try {
      await this.healthy(child)
    } catch (err) {
      this.kill()
      await this.exited
      throw new Error(`${this.name} did not start: ${(err as Error).message}\n${this.output}`)
    }
  }

  /** Kills it and waits until it is gone. */
  async stop(): Promise<void> {
    this.kill()
    await this.exited
  }

  private environment(): NodeJS.ProcessEnv {
    return {
      ...process.env,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      // A line per request would be most of what the capture holds; warnings and errors are what a run needs.
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'WARN',
      ...this.settings.env,
      ...this.options.env,
      SLUICE_CHAOS_CLOCK_SKEW_MS: String(this.options.clockSkewMs ?? 0),
      HOST: '127.0.0.1',
      PORT: String(this.settings.port),
      SLUICE_DYNAMODB_ENDPOINT: this.dynamo.url,
      SLUICE_S3_ENDPOINT: this.s3.url,
    }
  }

  private capture(child: ChildProcess): void {
    for (const stream of [child.stdout, child.stderr]) {
      let partial = ''
      stream?.setEncoding('utf8')
      stream?.on('data', (chunk: string) => {
        const parts = (partial + chunk).split('\n')
        partial = parts.pop() ?? ''
        for (const line of parts) this.note(line)
      })
    }
  }

  private note(line: string): void {
    this.lines.push(line)
    if (this.lines.length > OUTPUT_LINES) this.lines.splice(0, this.lines.length - OUTPUT_LINES)
  }

  private async healthy(child: ChildProcess): Promise<void> {
    const deadline = Date.now() + HEALTHY_WITHIN_MS
    for (;;) {
      if (this.child !== child) throw new Error('it exited')
      try {
        const answer = await fetch(`${this.url}/health`, { signal: AbortSignal.timeout(2000) })
        if (answer.ok) return
      } catch {
        // Not listening yet.
      }
      if (Date.now() > deadline) throw new Error(`no answer on ${this.url}/health in ${HEALTHY_WITHIN_MS} ms`)
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }
}
