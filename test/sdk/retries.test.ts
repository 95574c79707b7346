/**
 * Retries against the real service behind a failure-injecting proxy (see support/proxy.ts):
 * - `unavailable` stands for the service answering 503 UNAVAILABLE (storage throttled or down);
 * - `drop-after-forward` stands for the append succeeding but the answer being lost on the way back
 *   (a Lambda timeout, a dropped connection): the client cannot know the records are in.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RecordMetadata, Sluice, UnavailableError } from '../../sdk/src/index.js'
import { startTestService } from '../support/service.js'
import { type ProxyAction, startProxy } from './support/proxy.js'
import { allValues, freshTopic } from './support/topics.js'

let service: Awaited<ReturnType<typeof startTestService>>
let direct: Sluice

beforeAll(async () => {
  service = await startTestService()
  direct = new Sluice({ url: service.url })
}, 120_000)

afterAll(async () => {
  await service?.stop()
})

const quickRetries = { retries: 8, initialMs: 5, maxMs: 50 }

/** Fails every other produce request with `failure`; everything else passes. */
function everyOtherProduce(failure: ProxyAction) {
  let produces = 0
  return ({ method, path }: { method: string; path: string }): ProxyAction => {
    if (method !== 'POST' || !path.endsWith('/records')) return 'forward'
    return produces++ % 2 === 0 ? failure : 'forward'
  }
}

async function produceThrough(proxyUrl: string, topic: string, count: number, idempotent = true) {
  // Small batches, so that hundreds of sends make dozens of requests and many failures.
  const producer = new Sluice({ url: proxyUrl, retry: quickRetries }).producer({
    lingerMs: 2,
    batchBytes: 100,
    idempotent,
  })
  const sends: Array<Promise<RecordMetadata[]>> = []
  for (let i = 0; i < count; i++) {
    sends.push(producer.send({ topic, messages: [{ key: `k${i % 7}`, value: `m${i}` }] }))
    if (i % 50 === 49) await new Promise((resolve) => setTimeout(resolve, 3)) // many batches
  }
  const settled = await Promise.allSettled(sends)
  await producer.close()
  return settled
}

describe('Producer retries', { timeout: 60_000 }, () => {
  it.each(['unavailable', 'drop-after-forward'] as const)(
    'with %s on every other request: every send resolves, nothing lost, nothing duplicated',
    async (failure) => {
      const topic = await freshTopic(direct, `retry-${failure}`, 3)
      const proxy = await startProxy(service.url, { decide: everyOtherProduce(failure) })
      try {
        const settled = await produceThrough(proxy.url, topic, 500)
        expect(settled.filter((s) => s.status === 'rejected')).toEqual([])
        const values = await allValues(direct, topic)
        expect(values.sort()).toEqual(Array.from({ length: 500 }, (_, i) => `m${i}`).sort())

        // The failures really happened, and every retry repeated its request's Idempotency-Key.
        const produces = proxy.requests.filter((r) => r.method === 'POST')
        expect(produces.filter((r) => r.action === failure).length).toBeGreaterThan(2)
        const keys = produces.map((r) => r.headers['idempotency-key'])
        expect(keys.every((key) => typeof key === 'string' && key.length > 0)).toBe(true)
        expect(new Set(keys).size).toBeLessThan(keys.length)
      } finally {
        await proxy.stop()
      }
    },
  )

  it('without idempotency, a lost answer duplicates records (what the Idempotency-Key prevents)', async () => {
    const topic = await freshTopic(direct, 'retry-not-idempotent')
    const proxy = await startProxy(service.url, { decide: everyOtherProduce('drop-after-forward') })
    try {
      const settled = await produceThrough(proxy.url, topic, 100, false)
      expect(settled.every((s) => s.status === 'fulfilled')).toBe(true)
      expect((await allValues(direct, topic)).length).toBeGreaterThan(100)
    } finally {
      await proxy.stop()
    }
  })

  it('rejects with the typed retriable error once retries are spent, after retries + 1 attempts', async () => {
    const topic = await freshTopic(direct, 'retry-exhausted')
    const proxy = await startProxy(service.url, {
      decide: ({ method }) => (method === 'POST' ? 'unavailable' : 'forward'),
    })
    try {
      const producer = new Sluice({
        url: proxy.url,
        retry: { retries: 3, initialMs: 1, maxMs: 5 },
      }).producer()
      const error = await producer.send({ topic, messages: [{ value: 'x' }] }).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(UnavailableError)
      expect(error).toMatchObject({ code: 'UNAVAILABLE', status: 503, retriable: true, topic })
      expect(proxy.requests.filter((r) => r.method === 'POST')).toHaveLength(4)
      expect(await allValues(direct, topic)).toEqual([])
    } finally {
      await proxy.stop()
    }
  })
})
