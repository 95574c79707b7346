import { HeadObjectCommand } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningService } from '../../functions/local/serve.js'
import { createAwsClients } from '../../functions/storage/clients.js'
import type { StorageConfig } from '../../functions/storage/config.js'
import { api } from '../support/http.js'
import { isolatedStorage, startTestService } from '../support/service.js'

let service: RunningService
let storage: StorageConfig
let call: ReturnType<typeof api>

let isolated: Awaited<ReturnType<typeof isolatedStorage>>

beforeAll(async () => {
  isolated = await isolatedStorage()
  storage = isolated.storage
  service = await startTestService({ storage })
  call = api(service.url)
}, 120_000)
afterAll(async () => {
  await service.stop()
  await isolated.stop()
})

const segmentExists = async (key: string) => {
  const { s3 } = createAwsClients(storage)
  try {
    await s3.send(new HeadObjectCommand({ Bucket: storage.bucket, Key: key }))
    return true
  } catch {
    return false
  }
}

async function eventually<T>(
  probe: () => Promise<T>,
  accept: (value: T) => boolean,
  ms = 120_000,
): Promise<T> {
  const deadline = Date.now() + ms
  for (;;) {
    const value = await probe()
    if (accept(value) || Date.now() > deadline) return value
    await new Promise((r) => setTimeout(r, 250))
  }
}

describe('retention', () => {
  it('hides expired records, moves startOffset, keeps offsets growing and deletes expired segments', {
    timeout: 300_000,
  }, async () => {
    await call('POST', '/v1/topics', { name: 'short', retentionMs: 1000 })
    const big = 'x'.repeat(20_000)
    const first = await call('POST', '/v1/topics/short/records', {
      records: [{ value: big }, { value: 'small' }],
    })
    expect(first.body.records.map((r: { offset: number }) => r.offset)).toEqual([0, 1])
    const [segment] = await service.deps.index.entriesFrom(
      { topicId: (await service.deps.catalog.get('short'))?.topicId ?? '', partition: 0 },
      0,
      10,
    )
    const segmentKey = segment?.segment?.key
    expect(segmentKey).toBeDefined()
    expect(await segmentExists(segmentKey as string)).toBe(true)

    const drained = await eventually(
      () => call('GET', '/v1/topics/short'),
      (r) => r.body.offsets[0].startOffset === 2,
    )
    expect(drained.body.offsets[0]).toEqual({ partition: 0, startOffset: 2, endOffset: 2 })
    const below = await call('GET', '/v1/topics/short/partitions/0/records?offset=0')
    expect(below.status).toBe(416)
    expect(below.body.error).toMatchObject({ code: 'OFFSET_OUT_OF_RANGE', startOffset: 2, endOffset: 2 })

    // Offsets are never reused once retention has emptied the partition (DESIGN.md invariant 1).
    const after = await call('POST', '/v1/topics/short/records', { records: [{ value: 'later' }] })
    expect(after.body.records[0].offset).toBe(2)

    // DynamoDB Local's TTL deletes the entry; the janitor on its stream deletes the segment.
    expect(
      await eventually(
        () => segmentExists(segmentKey as string),
        (exists) => !exists,
      ),
    ).toBe(false)
  })
})
