import { spawn } from 'node:child_process'
import { Sluice } from '@sluice/sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createTopics,
  type PricedOrder,
  price,
  seedOrders,
} from '../../examples/exactly-once-pipeline/orders.js'
import { startPricing } from '../../examples/exactly-once-pipeline/pricing.js'
import { eventually } from '../groups-sdk/support.js'
import { runSluice } from '../support/cli.js'
import { startTestService } from '../support/service.js'

let service: Awaited<ReturnType<typeof startTestService>>
let sluice: Sluice

beforeAll(async () => {
  service = await startTestService()
  sluice = new Sluice({ url: service.url })
}, 120_000)
afterAll(() => service?.stop())

/** The priced orders, read as the example's README reads them: the CLI, up to the end offsets. */
async function pricedOrders(): Promise<PricedOrder[]> {
  const run = await runSluice(service.url, ['consume', 'orders-priced', '--from-beginning', '-e'])
  expect(run.code).toBe(0)
  return run.stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as PricedOrder)
}

describe('examples/exactly-once-pipeline', { timeout: 120_000 }, () => {
  it('prices every order exactly once across a member killed part-way', async () => {
    await createTopics(sluice)
    const ids = await seedOrders(sluice, 40)

    // The first member is a process of its own, killed (SIGKILL) once it has priced a few orders.
    const first = spawn(process.execPath, ['--import', 'tsx', 'examples/exactly-once-pipeline/pipeline.ts'], {
      env: { ...process.env, SLUICE_URL: service.url },
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    const exited = new Promise((resolve) => first.on('exit', resolve))
    let printed = ''
    first.stdout.on('data', (chunk) => {
      printed += chunk
    })
    let second: Awaited<ReturnType<typeof startPricing>> | undefined
    try {
      await eventually(() => expect(printed.split('priced ').length - 1).toBeGreaterThanOrEqual(10))
      first.kill('SIGKILL')
      await exited

      // The next member takes the partitions once the killed one's leases expire, from its commits.
      second = await startPricing(sluice, () => undefined)
      await eventually(async () => expect(await pricedOrders()).toHaveLength(ids.length), 60_000)
    } finally {
      first.kill('SIGKILL')
      await second?.stop()
    }
    const priced = await pricedOrders()
    expect(priced.map((order) => order.id).sort()).toEqual([...ids].sort())
    expect(priced.every((order) => order.total === price(order).total)).toBe(true)
  })
})
