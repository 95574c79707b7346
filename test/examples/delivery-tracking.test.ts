import { spawn } from 'node:child_process'
import { Sluice } from '@sluice/sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type EtaMember, startEtaMember } from '../../examples/delivery-tracking/eta-member.js'
import { RiderFleet } from '../../examples/delivery-tracking/fleet.js'
import { createTopics, ETAS, type Eta, LOCATIONS } from '../../examples/delivery-tracking/shared.js'
import { Sluice as ReaderClient } from '../../sdk/src/index.js'
import { eventually } from '../groups-sdk/support.js'
import { allValues } from '../sdk/support/topics.js'
import { type CliRun, outputOf } from '../support/cli.js'
import { startTestService } from '../support/service.js'

let service: Awaited<ReturnType<typeof startTestService>>
let sluice: Sluice
let reader: ReaderClient

beforeAll(async () => {
  service = await startTestService()
  sluice = new Sluice({ url: service.url })
  reader = new ReaderClient({ url: service.url })
}, 120_000)
afterAll(() => service?.stop())

const LEASE_MS = 3000
const RIDERS = 20

/** Runs the example's `eta.ts` as a process of its own, to the end (a crash, with `--crash-after`). */
function runEtaProcess(args: string[]): Promise<CliRun> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'examples/delivery-tracking/eta.ts', '--lease-ms', String(LEASE_MS), ...args],
    { env: { ...process.env, SLUICE_URL: service.url }, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  return outputOf(child)
}

/** How many ETAs were published for each rider update, by `rider-N#seq`. */
async function etaCounts(): Promise<Map<string, number>> {
  const counts = new Map<string, number>()
  for (const value of await allValues(reader, ETAS)) {
    const eta = JSON.parse(value) as Eta
    const id = `${eta.riderId}#${eta.seq}`
    counts.set(id, (counts.get(id) ?? 0) + 1)
  }
  return counts
}

/** Lines the example prints, kept for the assertions instead of printed. */
function quietLog() {
  const lines: string[] = []
  return { lines, log: (line: string) => lines.push(line), error: (line: string) => lines.push(line) }
}

describe('examples/delivery-tracking', { timeout: 180_000 }, () => {
  it('reports no false gaps when partitions move away and back, and counts a crashed member’s updates as redelivered', async () => {
    await createTopics(sluice.admin())
    const fleet = new RiderFleet(RIDERS)
    const producer = sluice.producer({ lingerMs: 0 })
    let sent = 0
    const sendTicks = async (ticks: number) => {
      for (let i = 0; i < ticks; i++) {
        await producer.send({ topic: LOCATIONS, messages: fleet.tick(500) })
        sent += RIDERS
      }
    }
    const everyUpdateHasAnEta = () =>
      eventually(async () => expect((await etaCounts()).size).toBe(sent), 60_000)

    // A member handles 50 updates and exits without committing its last batch or releasing.
    await sendTicks(10)
    const crashed = await runEtaProcess(['--name', 'crasher', '--crash-after', '50'])
    expect(crashed.stdout).toContain('crashing now')
    expect(crashed.code).toBe(1)
    expect(crashed.stderr).not.toContain('missing')

    // Another takes the partitions over once the crashed member's leases expire, from its commits.
    const aLog = quietLog()
    const a = await startEtaMember(sluice, { name: 'eta-a', leaseMs: LEASE_MS, log: aLog })
    const members: EtaMember[] = [a]
    try {
      await everyUpdateHasAnEta()
      const redeliveredAfterCrash = a.stats.redelivered

      // A second member takes half the partitions and handles updates on them; when it stops, the
      // partitions move back to the first, which had handled those riders' earlier updates.
      const bLog = quietLog()
      const b = await startEtaMember(sluice, { name: 'eta-b', leaseMs: LEASE_MS, log: bLog })
      members.push(b)
      await eventually(() => expect(b.consumer.assignment()).toHaveLength(4), 60_000)
      await sendTicks(2)
      await everyUpdateHasAnEta()
      expect(b.stats.handled).toBeGreaterThan(0)
      await b.stop()
      members.pop()
      await eventually(() => expect(a.consumer.assignment()).toHaveLength(8), 60_000)
      await sendTicks(2)
      await everyUpdateHasAnEta()

      // Soft assertions: each is a separate promise of the example, reported one by one.
      expect.soft(a.stats.missing).toEqual([])
      expect.soft(b.stats.missing).toEqual([])
      expect.soft([...aLog.lines, ...bLog.lines].filter((line) => line.includes('missing'))).toEqual([])
      expect.soft(redeliveredAfterCrash).toBeGreaterThan(0)
      // The crashed member's uncommitted updates were skipped, not handled twice.
      const counts = await etaCounts()
      expect.soft([...counts].filter(([, n]) => n > 1)).toEqual([])
      expect.soft(counts.size).toBe(sent)
    } finally {
      await Promise.all(members.map((m) => m.stop()))
      await producer.close()
    }
  })
})
