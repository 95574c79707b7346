import { afterAll, describe, expect, it } from 'vitest'
import type { RunningService } from '../../functions/local/serve.js'
import { api } from '../support/http.js'
import { startTestService } from '../support/service.js'
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
