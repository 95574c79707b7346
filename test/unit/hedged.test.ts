import { describe, expect, it } from 'vitest'
import { hedged, type Sleep } from '../../functions/storage/hedged.js'

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Attempts the test settles by hand: each one's signal, and its resolve and reject. */
function scriptedAttempts() {
  const attempts: {
    signal: AbortSignal
    resolve: (value: string) => void
    reject: (err: Error) => void
  }[] = []
  const attempt = (signal: AbortSignal) =>
    new Promise<string>((resolve, reject) => {
      attempts.push({ signal, resolve, reject })
    })
  return { attempts, attempt }
}

describe('hedged', () => {
  it('makes one attempt when it succeeds in time', async () => {
    const { attempts, attempt } = scriptedAttempts()
    const result = hedged(attempt, { afterMs: 30 })
    attempts[0]?.resolve('first')
    await expect(result).resolves.toBe('first')
    await tick(60)
    expect(attempts).toHaveLength(1)
  })

  it('starts a second attempt when the first is slow, takes the first success and aborts the other', async () => {
    const { attempts, attempt } = scriptedAttempts()
    const result = hedged(attempt, { afterMs: 20 })
    await tick(50)
    expect(attempts).toHaveLength(2)
    attempts[1]?.resolve('second')
    await expect(result).resolves.toBe('second')
    expect(attempts[0]?.signal.aborted).toBe(true)
    attempts[0]?.reject(new Error('aborted'))
  })

  it('fails at once, with no second attempt, when the first fails before the hedge is due', async () => {
    const { attempts, attempt } = scriptedAttempts()
    const result = hedged(attempt, { afterMs: 30 })
    attempts[0]?.reject(new Error('refused'))
    await expect(result).rejects.toThrow('refused')
    await tick(60)
    expect(attempts).toHaveLength(1)
  })

  it('waits for the other attempt when one of two fails, and fails only when both have', async () => {
    const { attempts, attempt } = scriptedAttempts()
    const rescued = hedged(attempt, { afterMs: 10 })
    await tick(30)
    attempts[0]?.reject(new Error('first failed'))
    attempts[1]?.resolve('second')
    await expect(rescued).resolves.toBe('second')

    const lost = hedged(attempt, { afterMs: 10 })
    await tick(30)
    attempts[3]?.reject(new Error('second failed'))
    attempts[2]?.reject(new Error('first failed'))
    await expect(lost).rejects.toThrow('first failed')
  })

  it('with onLateSuccess, lets the other attempt run and hands it a later success beside the winner', async () => {
    const { attempts, attempt } = scriptedAttempts()
    const late: [string, string][] = []
    const result = hedged(attempt, { afterMs: 10 }, (value, winner) => late.push([value, winner]))
    await tick(30)
    attempts[1]?.resolve('second')
    await expect(result).resolves.toBe('second')
    expect(attempts[0]?.signal.aborted).toBe(false)
    attempts[0]?.resolve('first')
    await tick(0)
    expect(late).toEqual([['first', 'second']])
  })

  it('tells onHedge each time it starts a second attempt, and never when the first made it in time', async () => {
    const { attempts, attempt } = scriptedAttempts()
    // The hedge is due when the test says so.
    let due: () => void = () => undefined
    const sleep: Sleep = () =>
      new Promise((resolve) => {
        due = () => resolve(undefined)
      })
    let hedges = 0
    const hedge = { afterMs: 10, sleep, onHedge: () => hedges++ }

    const inTime = hedged(attempt, hedge)
    attempts[0]?.resolve('first')
    await expect(inTime).resolves.toBe('first')
    due()
    await tick(0)
    expect({ hedges, attempts: attempts.length }).toEqual({ hedges: 0, attempts: 1 })

    const slow = hedged(attempt, hedge)
    due()
    await tick(0)
    expect({ hedges, attempts: attempts.length }).toEqual({ hedges: 1, attempts: 3 })
    attempts[2]?.resolve('second')
    await expect(slow).resolves.toBe('second')
  })
})
