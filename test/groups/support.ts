import type { RunningService } from '../../functions/local/serve.js'
import { api } from '../support/http.js'
import { startTestService, type TestServiceOptions } from '../support/service.js'

export type Call = ReturnType<typeof api>

/**
 * The real service with a clock the test moves: leases and sessions expire when the test says so,
 * not after a wait (no timed assertions). Time starts at the real now and only moves forward.
 */
export async function startClockedService(options: TestServiceOptions = {}) {
  const clock = { now: Date.now() }
  const service: RunningService = await startTestService({
    ...options,
    engine: { ...options.engine, now: () => clock.now },
  })
  return {
    service,
    call: api(service.url),
    clock,
    advance(ms: number) {
      clock.now += ms
    },
  }
}

export async function createTopic(call: Call, name: string, partitions: number) {
  const created = await call('POST', '/v1/topics', { name, partitions })
  if (created.status !== 201) throw new Error(`topic ${name}: ${JSON.stringify(created.body)}`)
}

export async function produce(call: Call, topic: string, partition: number, values: string[]) {
  const out = await call('POST', `/v1/topics/${topic}/records`, {
    records: values.map((value) => ({ value, partition })),
  })
  if (out.status !== 200) throw new Error(`produce: ${JSON.stringify(out.body)}`)
  return out.body.records as { partition: number; offset: number }[]
}

export const leasePath = (group: string, topic: string, partition: number) =>
  `/v1/groups/${group}/topics/${topic}/partitions/${partition}/lease`

/** Everything a group shows about itself, to compare before and after a refused request. */
export async function groupState(call: Call, group: string) {
  const [described, offsets] = await Promise.all([
    call('GET', `/v1/groups/${group}`),
    call('GET', `/v1/groups/${group}/offsets`),
  ])
  return { described: described.body, offsets: offsets.body }
}
