import type { DeliverOptions } from '../subscriptions/deliver-partition.js'
import type { DeliveryJob, DeliveryWaker } from '../subscriptions/types.js'

/** After a run failed (storage unreachable), its partition is tried again this much later. */
const AFTER_ERROR_MS = 1000

/**
 * Locally, what async invokes and one-time schedules are in AWS: runs a partition's delivery in this
 * process, now or by a timer. At most one run per job at once: a wake during a run makes one more run
 * after it (the run may have read the log before the record that woke it). Per job one timer, the
 * earliest asked for: a later wake it would cover is re-armed by the run that finds it early.
 */
export class LocalWaker implements DeliveryWaker {
  private readonly running = new Map<string, Promise<void>>()
  /** Jobs woken while running: run once more after, with the wake time asked for, if any. */
  private readonly again = new Map<string, number | undefined>()
  private readonly timers = new Map<string, { atMs: number; timer: NodeJS.Timeout }>()
  private stopped = false

  constructor(
    private readonly run: (job: DeliveryJob, options: DeliverOptions) => Promise<unknown>,
    private readonly now: () => number,
    private readonly onError: (err: unknown) => void = () => undefined,
  ) {}

  async wake(job: DeliveryJob, atMs?: number): Promise<void> {
    if (this.stopped) return
    if (atMs !== undefined && atMs > this.now()) this.schedule(job, atMs)
    else this.start(job, atMs)
  }

  /** Stops timers and waits for the runs under way. */
  async stop(): Promise<void> {
    this.stopped = true
    for (const { timer } of this.timers.values()) clearTimeout(timer)
    this.timers.clear()
    await Promise.allSettled([...this.running.values()])
  }

  private start(job: DeliveryJob, wakeAt: number | undefined) {
    const key = keyOf(job)
    if (this.running.has(key)) {
      this.again.set(key, wakeAt ?? this.again.get(key))
      return
    }
    const options = wakeAt === undefined ? {} : { wakeAt }
    const running = this.run(job, options)
      .then(
        () => undefined,
        (err: unknown) => {
          this.onError(err)
          if (!this.stopped) this.schedule(job, this.now() + AFTER_ERROR_MS)
        },
      )
      .finally(() => {
        this.running.delete(key)
        if (!this.again.has(key) || this.stopped) return
        const next = this.again.get(key)
        this.again.delete(key)
        this.start(job, next)
      })
    this.running.set(key, running)
  }

  private schedule(job: DeliveryJob, atMs: number) {
    const key = keyOf(job)
    const pending = this.timers.get(key)
    if (pending && pending.atMs <= atMs) return
    if (pending) clearTimeout(pending.timer)
    const timer = setTimeout(
      () => {
        this.timers.delete(key)
        if (!this.stopped) this.start(job, atMs)
      },
      Math.max(0, atMs - this.now()),
    )
    this.timers.set(key, { atMs, timer })
  }
}

const keyOf = (job: DeliveryJob) => `${job.subscription}#${job.partition}`
