import { setTimeout as wait } from 'node:timers/promises'

/** Waits `ms`; rejects or resolves early when `signal` aborts. */
export type Sleep = (ms: number, signal: AbortSignal) => Promise<unknown>

const timerSleep: Sleep = (ms, signal) => wait(ms, undefined, { signal })

/** When a request gets a second one beside it. */
export interface Hedge {
  /** The second attempt starts when the first has run this long without succeeding. */
  afterMs: number
  /** The clock the second attempt waits on. @default a timer */
  sleep?: Sleep | undefined
  /** Told each time a second attempt starts (metrics count hedges). */
  onHedge?: (() => void) | undefined
}

/**
 * Runs `attempt`, and once more beside it if the first has not succeeded after `hedge.afterMs`: the first
 * success wins and the other is aborted. A failure ends the call when no other attempt is running, so
 * a first attempt that fails before the second is due ends it at once (the AWS SDK has already retried
 * what was retriable). For idempotent requests whose latency has a long tail, as S3's has: a second
 * request most likely takes another path and lands in the usual time ("hedged requests", Dean and
 * Barroso, The Tail at Scale; S3's performance guidelines advise retrying slow requests).
 *
 * With `onLateSuccess`, the other attempt is not aborted but runs to its end, and a success after the
 * winner's is handed to it with the winner's value: for requests whose duplicate may have an effect
 * to undo, which an aborted request could still have had without anyone learning of it.
 */
export function hedged<T>(
  attempt: (signal: AbortSignal) => Promise<T>,
  hedge: Hedge,
  onLateSuccess?: (late: T, winner: T) => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const controllers: AbortController[] = []
    const secondDue = new AbortController()
    let running = 0
    let settled = false
    let winner: { value: T } | undefined
    const finish = () => {
      settled = true
      secondDue.abort()
      if (!onLateSuccess) for (const controller of controllers) controller.abort()
    }
    const launch = () => {
      const controller = new AbortController()
      controllers.push(controller)
      running++
      attempt(controller.signal).then(
        (value) => {
          if (winner) onLateSuccess?.(value, winner.value)
          if (settled) return
          winner = { value }
          finish()
          resolve(value)
        },
        (err: unknown) => {
          running--
          if (settled || running > 0) return
          finish()
          reject(err)
        },
      )
    }
    launch()
    const sleep = hedge.sleep ?? timerSleep
    sleep(hedge.afterMs, secondDue.signal).then(
      () => {
        if (settled) return
        hedge.onHedge?.()
        launch()
      },
      () => undefined,
    )
  })
}
