import type { ServiceDeps } from '../../../functions/service.js'

/**
 * Failure injection at the storage boundary: every call the engine makes to an adapter
 * (`catalog`, `index`, `segments`, `idempotency`) is named `<adapter>.<method>`, e.g. `index.reserve`,
 * and passes through hooks that may delay it or make it fail.
 */
export interface StorageHooks {
  /** Before the call reaches storage: throwing stops it there; a promise holds it back. */
  before?(call: string): void | Promise<void>
  /** After storage did the call, before the engine sees the answer: throwing loses the answer. */
  after?(call: string): void
}

function intercept<T extends object>(adapter: T, name: string, hooks: readonly StorageHooks[]): T {
  return new Proxy(adapter, {
    get(target, property, receiver) {
      const member = Reflect.get(target, property, receiver)
      if (typeof member !== 'function') return member
      const call = `${name}.${String(property)}`
      return (...args: unknown[]) => {
        const run = () => {
          const result = member.apply(target, args)
          const after = () => {
            for (const h of hooks) h.after?.(call)
          }
          if (!(result instanceof Promise)) {
            after()
            return result
          }
          return result.then((value) => {
            after()
            return value
          })
        }
        const held = hooks.map((h) => h.before?.(call)).filter((r) => r instanceof Promise)
        return held.length > 0 ? Promise.all(held).then(run) : run()
      }
    },
  })
}

/** An `ServiceOptions.wrap` that routes every storage call through the hooks. */
export const interceptStorage =
  (...hooks: StorageHooks[]) =>
  (deps: ServiceDeps): ServiceDeps => ({
    ...deps,
    catalog: intercept(deps.catalog, 'catalog', hooks),
    index: intercept(deps.index, 'index', hooks),
    segments: intercept(deps.segments, 'segments', hooks),
    idempotency: intercept(deps.idempotency, 'idempotency', hooks),
  })

export class ProcessCrashed extends Error {
  constructor(call: string) {
    super(`the process is dead (at ${call})`)
    this.name = 'ProcessCrashed'
  }
}

/**
 * A process that dies at a chosen storage call: that call and every later one throws, and answers of
 * calls still in flight are lost, so nothing after the crash reaches storage (a crash runs no cleanup).
 */
export class Crash implements StorageHooks {
  dead = false
  private armed: { call: string; when: 'before' | 'after' } | undefined

  /** Dies at the next `call`: `before` it reaches storage, or `after` storage did it but before the answer. */
  arm(call: string, when: 'before' | 'after') {
    this.armed = { call, when }
  }

  before(call: string) {
    if (this.dead || (this.armed?.when === 'before' && this.armed.call === call)) this.die(call)
  }

  after(call: string) {
    if (this.dead || (this.armed?.when === 'after' && this.armed.call === call)) this.die(call)
  }

  private die(call: string): never {
    this.dead = true
    throw new ProcessCrashed(call)
  }
}

/**
 * Once armed, holds the next `call` back until released: a writer paused mid-append (GC, freeze,
 * slow network).
 */
export class Pause implements StorageHooks {
  readonly reached: Promise<void>
  private signalReached!: () => void
  private resume!: () => void
  private readonly resumed = new Promise<void>((resolve) => {
    this.resume = resolve
  })
  private armed = false

  constructor(private readonly call: string) {
    this.reached = new Promise((resolve) => {
      this.signalReached = resolve
    })
  }

  arm() {
    this.armed = true
  }

  before(call: string) {
    if (!this.armed || call !== this.call) return
    this.armed = false
    this.signalReached()
    return this.resumed
  }

  release() {
    this.resume()
  }
}

/** Time that moves only when a test says so, shared by every engine instance of a test. */
export class ManualClock {
  constructor(public time = Date.now()) {}
  readonly now = () => this.time
  advance(ms: number) {
    this.time += ms
  }
}
