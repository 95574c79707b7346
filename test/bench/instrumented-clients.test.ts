import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createInstrumentedClients } from '../../bench/support/instrumented-clients.js'
import { LatencyModel } from '../../bench/support/latency-model.js'
import { RequestMeter } from '../../bench/support/request-meter.js'
import type { AwsClients } from '../../functions/storage/clients.js'
import { provisionStorage } from '../../functions/storage/provision.js'
import { testStorage } from '../support/service.js'

// The bench's AWS clients, which the figures the bars are read from go through, against s3rver.

/**
 * Latencies given in order for every call instead of sampled from the shared model (which lives
 * outside the repository), and the waits the middleware asked for.
 */
class GivenLatency extends LatencyModel {
  readonly asked: number[] = []

  constructor(private readonly given: number[]) {
    super()
  }

  override covers(): boolean {
    return true
  }

  override sample(): number {
    return this.given.shift() ?? 0
  }

  override delay(ms: number, signal?: AbortSignal): Promise<void> {
    this.asked.push(ms)
    return super.delay(ms, signal)
  }
}

const storage = testStorage()
let setup: AwsClients

beforeAll(async () => {
  setup = createInstrumentedClients(storage, { meter: new RequestMeter() })
  await provisionStorage(setup, storage)
})
afterAll(() => {
  setup.s3.destroy()
  setup.dynamo.destroy()
})

const put = (clients: AwsClients, key: string, body: string) =>
  clients.s3.send(new PutObjectCommand({ Bucket: storage.bucket, Key: key, Body: body }))

describe('instrumented clients', () => {
  it('answer a second PUT of an object (a hedge) as the first was answered, and meter both', async () => {
    const meter = new RequestMeter()
    const clients = createInstrumentedClients(storage, { meter })
    const first = await put(clients, 'hedged', 'segment')
    // Before, the repeated PUT answered an output without $metadata, and the SDK threw on it.
    const second = await put(clients, 'hedged', 'segment')
    expect(second.ETag).toBe(first.ETag)
    expect(second.$metadata.attempts).toBe(1)
    expect(meter.snapshot().s3Puts).toBe(2)
    const stored = await setup.s3.send(new GetObjectCommand({ Bucket: storage.bucket, Key: 'hedged' }))
    expect(await stored.Body?.transformToString()).toBe('segment')
    clients.s3.destroy()
    clients.dynamo.destroy()
  })

  it("start a call's wait when it is sent, where its stand-in time ran beside another's wait", async () => {
    const latency = new GivenLatency([20, 400, 20])
    const clients = createInstrumentedClients(storage, { meter: new RequestMeter(), latency })
    // Alone, the stand-in time is taken out of the figures and the whole sample is waited.
    await put(clients, 'alone', 'x')
    expect(latency.asked).toEqual([20])
    // Sent while another call waits 400 ms, its time in the stand-in is simulated time already.
    const long = put(clients, 'long', 'x')
    while (latency.asked.length < 2) await new Promise((resolve) => setTimeout(resolve, 5))
    await put(clients, 'beside', 'x')
    await long
    expect(latency.asked[1]).toBe(400)
    expect(latency.asked[2]).toBeLessThan(20)
    expect(latency.asked[2]).toBeGreaterThanOrEqual(0)
    clients.s3.destroy()
    clients.dynamo.destroy()
  })
})
