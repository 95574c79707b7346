/**
 * examples/webhook-subscription as its README runs it: the board and the demo script as processes of
 * their own against the local service (delivering as `npm start` does), and the README's checks.
 */
import { type ChildProcessByStdio, spawn } from 'node:child_process'
import type { Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Board } from '../../examples/webhook-subscription/eta-board.js'
import { eventually } from '../groups-sdk/support.js'
import { type CliRun, outputOf, runSluice } from '../support/cli.js'
import { startTestService } from '../support/service.js'

let service: Awaited<ReturnType<typeof startTestService>>
let board: ChildProcessByStdio<null, Readable, Readable> | undefined
let boardOutput = ''

beforeAll(async () => {
  service = await startTestService()
}, 120_000)
afterAll(async () => {
  board?.kill('SIGKILL')
  await service?.stop()
})

const example = (script: string, args: string[]) =>
  spawn(process.execPath, ['--import', 'tsx', `examples/webhook-subscription/${script}`, ...args], {
    env: { ...process.env, SLUICE_URL: service.url },
    stdio: ['ignore', 'pipe', 'pipe'],
  })

const runDemo = (hook: string): Promise<CliRun> => outputOf(example('demo.ts', ['--hook', hook]))

async function boardState(url: string): Promise<Board> {
  return (await (await fetch(`${url}/board`)).json()) as Board
}

const etas = (b: Board) =>
  Object.fromEntries(Object.entries(b.riders).map(([rider, r]) => [rider, r.etaMinutes]))

describe('examples/webhook-subscription', { timeout: 120_000 }, () => {
  it('keeps the ETA board up to date from signed deliveries, and refuses a forged one', async () => {
    board = example('board.ts', ['--port', '0'])
    board.stdout.on('data', (chunk) => {
      boardOutput += chunk
    })
    const url = await eventually(() => {
      const found = /ETA board at (http:\/\/127\.0\.0\.1:\d+)\/board/.exec(boardOutput)?.[1]
      expect(found).toBeDefined()
      return found as string
    })

    const first = await runDemo(`${url}/hook`)
    expect(first.code, first.stderr).toBe(0)
    expect(first.stdout).toContain(`created subscription eta-board: rider-etas -> ${url}/hook`)
    expect(first.stdout).toContain('sent 9 updates')
    const settled = await eventually(async () => {
      const state = await boardState(url)
      expect(etas(state)).toEqual({ 'rider-1': 0, 'rider-2': 5, 'rider-3': 10 })
      return state
    }, 60_000)
    expect(boardOutput).toContain('rider-1: arrived')

    // A request that Sluice did not sign changes nothing.
    const forged = await fetch(`${url}/hook`, {
      method: 'POST',
      headers: { 'sluice-signature': `t=${Date.now()},v1=${'0'.repeat(64)}` },
      body: JSON.stringify({
        partition: 0,
        records: [{ offset: 99, value: '{"rider":"rider-1","etaMinutes":42}' }],
      }),
    })
    expect(forged.status).toBe(401)
    const afterForgery = await boardState(url)
    expect(afterForgery.refused).toBe(1)
    expect(afterForgery.riders).toEqual(settled.riders)

    // Run again: the subscription is kept and the same updates arrive as new records.
    const second = await runDemo(`${url}/hook`)
    expect(second.code, second.stderr).toBe(0)
    expect(second.stdout).toContain('subscription eta-board exists already')
    await eventually(async () => {
      const state = await boardState(url)
      expect(etas(state)).toEqual(etas(settled))
      for (const [rider, eta] of Object.entries(settled.riders)) {
        expect(state.riders[rider]?.offset).toBeGreaterThan(eta.offset)
      }
    }, 60_000)

    const described = await eventually(async () => {
      const run = await runSluice(service.url, ['subscriptions', 'describe', 'eta-board'])
      expect(run.stdout).toContain('Total lag: 0')
      return run.stdout
    })
    expect(described).toContain(`Target: webhook ${url}/hook`)

    board.kill('SIGINT')
    expect(await new Promise((resolve) => board?.on('exit', resolve))).toBe(0)
    expect(boardOutput).toMatch(/stopped after \d+ deliveries/)
  })
})
