import { spawn } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eventually } from '../groups-sdk/support.js'
import { startTestService } from '../support/service.js'

let service: Awaited<ReturnType<typeof startTestService>>

beforeAll(async () => {
  service = await startTestService()
}, 120_000)
afterAll(() => service?.stop())

describe("the README's SDK tour (examples/tour.ts)", { timeout: 60_000 }, () => {
  it('sends a record, consumes it as a group member, and leaves the group on Ctrl-C', async () => {
    const tour = spawn(process.execPath, ['--import', 'tsx', 'examples/tour.ts'], {
      env: { ...process.env, SLUICE_URL: service.url },
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    const exited = new Promise<number | null>((resolve) => tour.on('exit', resolve))
    let printed = ''
    tour.stdout.on('data', (chunk) => {
      printed += chunk
    })
    try {
      await eventually(() => expect(printed).toContain('0@0 rider-7 {"lat":12.95}'))
    } finally {
      tour.kill('SIGINT')
    }
    expect(await exited).toBe(0)
    expect(printed).toContain("{ topic: 'rides', partition: 0, offset: 0")
    // The last rebalance is the one stop() reports: every partition given up.
    const lastRebalance = printed.slice(printed.lastIndexOf('assigned: ['))
    expect(lastRebalance).toMatch(/^assigned: \[\],/)
    expect(lastRebalance.match(/reason: 'released'/g)).toHaveLength(3)
  })
})
