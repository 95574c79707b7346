import { afterAll, describe, expect, it } from 'vitest'
import type { RunningService } from '../../functions/local/serve.js'
import type { StorageConfig } from '../../functions/storage/config.js'
import { api } from '../support/http.js'
import { startTestService, testStorage } from '../support/service.js'
import { interceptStorage } from './support/storage-faults.js'

/**
 * A large produce puts its S3 segment while it reserves offsets, so it waits for the longer of the two
 * rather than their sum. The reservation is held back until the segment PUT has started: if the engine
 * put the segment only after reserving, the PUT would never start while the reservation is held.
 */
const started: string[] = []
let armed = false
let putStartedBeforeReservationAnswered = false
let releaseReservation: () => void = () => undefined
const reservationHeld = new Promise<void>((resolve) => {
  releaseReservation = resolve
})
let service: RunningService | undefined
afterAll(() => service?.stop())

describe('a produce of a batch too large to stay inline', () => {
  it('starts the segment PUT before its reservation has answered', async () => {
    service = await startTestService({
      engine: {
        wrap: interceptStorage({
          before(call) {
            if (!armed) return
            started.push(call)
            if (call === 'segments.put') releaseReservation()
            if (call === 'index.reserve') {
              // Never blocks for good: without an overlap the test fails on the order, not a timeout.
              return Promise.race([reservationHeld, new Promise<void>((r) => setTimeout(r, 1500))])
            }
          },
          after(call) {
            if (armed && call === 'index.reserve') {
              putStartedBeforeReservationAnswered = started.includes('segments.put')
            }
          },
        }),
      },
    })
    const call = api(service.url)
    await call('POST', '/v1/topics', { name: 'big' })
    await call('POST', '/v1/topics/big/records', { records: [{ value: 'warm' }] })
    armed = true

    const produced = await call('POST', '/v1/topics/big/records', {
      records: [{ value: 'L'.repeat(20 * 1024) }],
    })
    expect(produced.status).toBe(200)
    expect(putStartedBeforeReservationAnswered).toBe(true)
    expect(started.indexOf('segments.put')).toBeLessThan(started.indexOf('index.writeEntries'))
    const fetched = await call('GET', '/v1/topics/big/partitions/0/records?offset=1')
    expect(fetched.body.records[0].value).toHaveLength(20 * 1024)
  })
})

describe('a fetch of records held in several segments', () => {
  /** A reader whose segment GETs each take at least 50 ms, counted as they overlap. */
  async function slowReader(storage: StorageConfig) {
    const counts = { gets: 0, inFlight: 0, mostInFlight: 0 }
    const reader = await startTestService({
      storage,
      engine: {
        wrap: interceptStorage({
          async before(call) {
            if (call !== 'segments.get') return
            counts.gets++
            counts.inFlight++
            counts.mostInFlight = Math.max(counts.mostInFlight, counts.inFlight)
            // Long enough that reads issued one after another never overlap by chance.
            await new Promise((r) => setTimeout(r, 50))
          },
          after(call) {
            if (call === 'segments.get') counts.inFlight--
          },
        }),
      },
    })
    return { reader, counts, call: api(reader.url) }
  }

  it('reads the segments side by side, and none that its limit does not need', async () => {
    const storage = testStorage()
    const writer = await startTestService({ storage })
    const first = await slowReader(storage)
    const second = await slowReader(storage)
    try {
      const write = api(writer.url)
      await write('POST', '/v1/topics', { name: 'many' })
      for (let i = 0; i < 8; i++) {
        await write('POST', '/v1/topics/many/records', { records: [{ value: `${i}`.repeat(20 * 1024) }] })
      }
      const all = await first.call('GET', '/v1/topics/many/partitions/0/records?offset=0')
      expect(all.body.records.map((r: { value: string }) => r.value[0])).toEqual([
        '0',
        '1',
        '2',
        '3',
        '4',
        '5',
        '6',
        '7',
      ])
      expect(first.counts.gets).toBe(8)
      expect(first.counts.mostInFlight).toBeGreaterThan(1)

      const some = await second.call('GET', '/v1/topics/many/partitions/0/records?offset=3&limit=2')
      expect(some.body.records.map((r: { value: string }) => r.value[0])).toEqual(['3', '4'])
      expect(second.counts.gets).toBe(2)
    } finally {
      await Promise.all([writer.stop(), first.reader.stop(), second.reader.stop()])
    }
  })
})
