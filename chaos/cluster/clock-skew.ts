/**
 * Preloaded (`node --import`) into a chaos cluster's service instance: shifts its wall clock,
 * `Date.now()` and `new Date()`, by SLUICE_CHAOS_CLOCK_SKEW_MS, as a host whose clock drifted would.
 * Fault injection only: the product never loads it.
 */
const raw = process.env.SLUICE_CHAOS_CLOCK_SKEW_MS ?? '0'
const skewMs = Number(raw)
if (!Number.isInteger(skewMs))
  throw new Error(`SLUICE_CHAOS_CLOCK_SKEW_MS must be a whole number of ms, not "${raw}"`)
if (skewMs !== 0) shiftClock(skewMs)

function shiftClock(by: number): void {
  const RealDate = Date
  const realNow = Date.now
  const now = () => realNow() + by
  RealDate.now = now
  globalThis.Date = new Proxy(RealDate, {
    construct: (target, args: unknown[], newTarget) =>
      Reflect.construct(target, args.length === 0 ? [now()] : args, newTarget),
    // `Date()` called without `new` gives the current time as a string.
    apply: () => new RealDate(now()).toString(),
  })
}
