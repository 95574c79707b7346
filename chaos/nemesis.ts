import { sleep } from '../sdk/src/sleep.js'
import type { FaultProxy, ServiceInstance } from './cluster/types.js'
import type { Random } from './random.js'
import type { Recorder } from './recorder.js'
import type { MemberPool } from './workloads/members.js'

export interface NemesisConfig {
  instances: readonly ServiceInstance[]
  members: MemberPool
  /** Every stall and pause outlasts it, so that readers fill holes behind stalled writers. */
  holeTimeoutMs: number
  leaseMs: number
}

/** One fault: injects it, holds it, heals it. `r` is its loop's own generator. */
type Fault = (n: Nemesis, r: Random) => Promise<void>

/**
 * The seeded fault schedule: one loop of service faults (one at a time, each healed before the next)
 * and one of consumer member faults beside it. Each loop draws its faults as shuffled rounds of every
 * kind, and finishes its first round whatever the run's duration, so that every run has every fault.
 */
export class Nemesis {
  readonly errors: string[] = []
  #done = false
  #firstRounds: Promise<void>
  #markRound!: () => void
  #roundsDone = 0

  constructor(
    readonly config: NemesisConfig,
    private readonly random: Random,
    readonly history: Recorder,
  ) {
    this.#firstRounds = new Promise((resolve) => {
      this.#markRound = () => {
        if (++this.#roundsDone === 2) resolve()
      }
    })
  }

  /** Resolves once both loops have injected every kind of fault once. */
  get firstRounds(): Promise<void> {
    return this.#firstRounds
  }

  /** Runs both loops until `signal` aborts (and their first rounds are done). */
  async run(signal: AbortSignal): Promise<void> {
    await Promise.all([
      this.#loop(SERVICE_FAULTS, this.random.fork('service'), [1000, 3000], signal),
      this.#loop(MEMBER_FAULTS, this.random.fork('member'), [2000, 6000], signal),
    ])
    this.#done = true
  }

  async #loop(
    faults: Record<string, Fault>,
    random: Random,
    gapMs: readonly [number, number],
    signal: AbortSignal,
  ): Promise<void> {
    for (let round = 0; round === 0 || !signal.aborted; round++) {
      for (const name of random.shuffle(Object.keys(faults))) {
        if (round > 0 && signal.aborted) break
        const fault = faults[name] as Fault
        try {
          await fault(this, random)
        } catch (error) {
          this.errors.push(`${name}: ${error instanceof Error ? error.message : String(error)}`)
        }
        await this.hold(random.int(...gapMs), round > 0 ? signal : undefined)
      }
      if (round === 0) this.#markRound()
    }
  }

  hold(ms: number, signal?: AbortSignal): Promise<void> {
    return sleep(ms, signal)
  }

  instance(r: Random): ServiceInstance {
    return r.pick(this.config.instances)
  }

  proxy(r: Random, instance: ServiceInstance): { name: string; proxy: FaultProxy } {
    return r.chance(0.5)
      ? { name: `${instance.name}.dynamo`, proxy: instance.dynamo }
      : { name: `${instance.name}.s3`, proxy: instance.s3 }
  }

  /** Longer than the hole timeout by 1 to 4 s. */
  pastHoleTimeout(r: Random): number {
    return this.config.holeTimeoutMs + r.int(1000, 4000)
  }

  /** Heals whatever is still broken: restarts dead instances and members, continues stopped ones. */
  async healAll(): Promise<void> {
    if (!this.#done) throw new Error('heal after the nemesis has stopped')
    for (const instance of this.config.instances) {
      instance.resume()
      for (const proxy of [instance.dynamo, instance.s3]) {
        proxy.release()
        proxy.throttle(0)
        proxy.ambiguous(0)
      }
      if (!instance.running) await instance.restart({ clockSkewMs: 0 })
    }
    const { members } = this.config
    for (const id of members.paused()) members.resume(id)
    for (const id of members.dead()) members.start(id)
  }
}

const SERVICE_FAULTS: Record<string, Fault> = {
  async kill(n, r) {
    const instance = n.instance(r)
    instance.kill()
    n.history.fault('kill', 'start', instance.name, 'kill -9')
    await n.hold(r.int(500, 3000))
    await instance.restart()
    n.history.fault('kill', 'stop', instance.name, 'restarted')
  },

  async pause(n, r) {
    const instance = n.instance(r)
    const ms = n.pastHoleTimeout(r)
    instance.pause()
    n.history.fault('pause', 'start', instance.name, `SIGSTOP for ${ms} ms`)
    await n.hold(ms)
    instance.resume()
    n.history.fault('pause', 'stop', instance.name, 'SIGCONT')
  },

  async stall(n, r) {
    const { name, proxy } = n.proxy(r, n.instance(r))
    const ms = n.pastHoleTimeout(r)
    proxy.stall(ms)
    n.history.fault('stall', 'start', name, `${ms} ms`)
    await n.hold(ms)
    proxy.release()
    n.history.fault('stall', 'stop', name)
  },

  /** A writer's instance dies while another's storage stalls: the stalled writer outlives the hole timeout. */
  async killThenStall(n, r) {
    const [killed, stalled] = r.shuffle(n.config.instances) as [ServiceInstance, ServiceInstance]
    const ms = n.pastHoleTimeout(r)
    killed.kill()
    n.history.fault('kill', 'start', killed.name, 'kill -9, then a stall of another instance 30 ms later')
    await n.hold(30)
    stalled.dynamo.stall(ms)
    n.history.fault(
      'stall',
      'start',
      `${stalled.name}.dynamo`,
      `${ms} ms, 30 ms after a kill of ${killed.name}`,
    )
    await n.hold(ms)
    stalled.dynamo.release()
    n.history.fault('stall', 'stop', `${stalled.name}.dynamo`)
    await killed.restart()
    n.history.fault('kill', 'stop', killed.name, 'restarted')
  },

  async throttle(n, r) {
    const instance = n.instance(r)
    const count = r.int(5, 40)
    const targets = r.chance(0.3)
      ? [
          { name: `${instance.name}.dynamo`, proxy: instance.dynamo },
          { name: `${instance.name}.s3`, proxy: instance.s3 },
        ]
      : [n.proxy(r, instance)]
    for (const { name, proxy } of targets) {
      proxy.throttle(count)
      n.history.fault('throttle', 'start', name, `the next ${count} requests`)
    }
    await n.hold(r.int(2000, 4000))
    for (const { name, proxy } of targets) {
      proxy.throttle(0)
      n.history.fault('throttle', 'stop', name)
    }
  },

  async ambiguous(n, r) {
    const { name, proxy } = n.proxy(r, n.instance(r))
    const count = r.int(1, 6)
    proxy.ambiguous(count)
    n.history.fault('ambiguous', 'start', name, `the next ${count} requests applied, answers lost`)
    await n.hold(r.int(2000, 4000))
    proxy.ambiguous(0)
    n.history.fault('ambiguous', 'stop', name)
  },

  async clockSkew(n, r) {
    const instance = n.instance(r)
    const skew = (r.chance(0.5) ? 1 : -1) * r.int(1500, 2500)
    // A restart is a kill -9 and a start: the instance comes back with the skewed clock.
    await instance.restart({ clockSkewMs: skew })
    n.history.fault('clockSkew', 'start', instance.name, `restarted with its clock ${skew} ms off`)
    await n.hold(r.int(5000, 12_000))
    await instance.restart({ clockSkewMs: 0 })
    n.history.fault('clockSkew', 'stop', instance.name, 'restarted with its clock right')
  },
}

const MEMBER_FAULTS: Record<string, Fault> = {
  /** kill -9, then the same member id again, before or after its leases expire. */
  async memberKill(n, r) {
    const { members, leaseMs } = n.config
    const id = r.pick(members.running())
    await members.kill(id)
    n.history.fault('member', 'start', id, 'kill -9')
    await n.hold(r.int(leaseMs / 2, leaseMs * 2))
    members.start(id)
    n.history.fault('member', 'stop', id, 'restarted under the same member id')
  },

  /** Stopped past its lease: the others take its partitions; continued, it runs on as a zombie. */
  async memberPause(n, r) {
    const { members, leaseMs } = n.config
    const id = r.pick(members.running())
    const ms = leaseMs + r.int(1000, 3000)
    members.pause(id)
    n.history.fault('member', 'start', id, `SIGSTOP for ${ms} ms`)
    await n.hold(ms)
    members.resume(id)
    n.history.fault('member', 'stop', id, 'SIGCONT')
  },
}
