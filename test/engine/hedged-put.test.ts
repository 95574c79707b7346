import { GetObjectCommand } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_TIMING } from '../../functions/engine/limits.js'
import { createService } from '../../functions/service.js'
import { type AwsClients, createAwsClients } from '../../functions/storage/clients.js'
import { provisionStorage } from '../../functions/storage/provision.js'
import { S3SegmentStore } from '../../functions/storage/segment-store.js'
import { testStorage } from '../support/service.js'
import { within } from '../support/stalled-dynamo.js'

/**
 * S3's tail latency, injected: the first PutObject of each put waits for a gate the test opens (a PUT
 * that stalls for seconds, as S3's slowest requests do), the others go straight to s3rver. After the
 * gate it goes on to s3rver only if it was not aborted, as the SDK's HTTP handler does.
 */
const storage = testStorage()
let clients: AwsClients
let openGate: () => void = () => undefined
let puts = 0

beforeAll(async () => {
  clients = createAwsClients(storage)
  await provisionStorage(clients, storage)
  clients.s3.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'PutObjectCommand' && puts++ === 0) {
        await new Promise<void>((resolve) => {
          openGate = resolve
        })
      }
      return next(args)
    },
    { step: 'finalizeRequest', name: 'stallFirstPut' },
  )
})
afterAll(() => clients.s3.destroy())

async function stored(key: string): Promise<Uint8Array> {
  const out = await clients.s3.send(new GetObjectCommand({ Bucket: storage.bucket, Key: key }))
  return (await out.Body?.transformToByteArray()) ?? new Uint8Array()
}

describe('a segment PUT that stalls', () => {
  const store = () =>
    new S3SegmentStore(async () => clients.s3, storage.bucket, { afterMs: 50, minBytes: 4096 })

  it('is hedged when the segment is large enough: the second PUT lands it while the first still waits', async () => {
    puts = 0
    const body = new Uint8Array(8192).map((_, i) => i % 251)
    await within(5000, store().put('hedged/large', body))
    expect(puts).toBe(2)
    expect(await stored('hedged/large')).toEqual(body)
    openGate()
  })

  it('is not hedged below the size floor: one PUT, which lands when the stall ends', async () => {
    puts = 0
    const body = new Uint8Array(1024).fill(7)
    const put = store().put('hedged/small', body)
    await new Promise((r) => setTimeout(r, 200))
    expect(puts).toBe(1)
    openGate()
    await within(5000, put)
    expect(puts).toBe(1)
    expect(await stored('hedged/small')).toEqual(body)
  })
})

describe("the engine's hedging setting", () => {
  const region = 'us-east-1'
  const names = { region, table: 't', bucket: 'b' }

  it('is on against S3, off against a stand-in endpoint unless the timing asks for it', () => {
    expect(createService(names).timing.segmentPutHedgeMs).toBe(DEFAULT_TIMING.segmentPutHedgeMs)
    expect(DEFAULT_TIMING.segmentPutHedgeMs).toBeGreaterThan(0)
    const local = { ...names, s3Endpoint: 'http://127.0.0.1:1', dynamoEndpoint: 'http://127.0.0.1:1' }
    expect(createService(local).timing.segmentPutHedgeMs).toBe(0)
    expect(createService(local, { timing: { segmentPutHedgeMs: 120 } }).timing.segmentPutHedgeMs).toBe(120)
  })

  it.each(['entryPutHedgeMs', 'reservationHedgeMs'] as const)(
    'hedges %s against DynamoDB, not against a stand-in endpoint unless the timing asks for it',
    (name) => {
      expect(createService(names).timing[name]).toBe(DEFAULT_TIMING[name])
      expect(DEFAULT_TIMING[name]).toBeGreaterThan(0)
      const local = { ...names, dynamoEndpoint: 'http://127.0.0.1:1' }
      expect(createService(local).timing[name]).toBe(0)
      expect(createService(local, { timing: { [name]: 9 } }).timing[name]).toBe(9)
    },
  )
})
