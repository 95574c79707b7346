import { describe, expect, it } from 'vitest'
import { idleInventory } from '../../bench/push/idle-inventory.js'
import { type PeerPrices, peerDeliveryCosts } from '../../bench/push/peers.js'

// The push module's cost arithmetic on prices given here (not the price list, which may change), with
// the figures worked out by hand.

const PRICES: PeerPrices = {
  lambda: { requestsPerMillion: 0.2, gbSecondArm64: 0.0000133334 },
  kinesis: { perStreamHour: 0.04, retrievalPerGB: 0.04, recordsRoundedUpToKB: 1 },
  pipes: { requestsPerMillion: 0.4, requestChunkKB: 64 },
}

describe('the peers of push delivery', () => {
  it('price a million 1 KB records in batches of 100 through Kinesis + Lambda and through Pipes', () => {
    const costs = peerDeliveryCosts(PRICES, {
      recordsPerBatch: 100,
      recordBytes: 1016,
      functionBilledMsPerBatch: 3,
      functionMemoryMB: 512,
    })
    // 10^6 records of 1 KB = 0.95367431640625 GiB retrieved at $0.04; 10,000 invocations of 3 ms at 0.5 GB.
    expect(costs.kinesisLambda.lines.kinesisRetrieval).toBeCloseTo(0.03814697265625, 12)
    expect(costs.kinesisLambda.lines.lambdaRequests).toBeCloseTo(0.002, 12)
    expect(costs.kinesisLambda.lines.lambdaCompute).toBeCloseTo(0.000200001, 12)
    expect(costs.kinesisLambda.usdPerMillion).toBeCloseTo(0.04034697365625, 12)
    // 100 x 1016 bytes is two 64 KB chunks: 20,000 pipe requests; one per record would be 10^6.
    expect(costs.eventBridgePipes.pipeRequestsPerBatch).toBe(2)
    expect(costs.eventBridgePipes.usdPerMillion).toBeCloseTo(0.04834697365625, 12)
    expect(costs.eventBridgePipes.usdPerMillionIfBilledPerRecord).toBeCloseTo(0.44034697365625, 12)
    expect(costs.fixedUsdPerMonth).toBeCloseTo(29.2, 12)
  })

  it('bill a record by whole KB and a batch of one as one invocation and one pipe request', () => {
    const costs = peerDeliveryCosts(PRICES, {
      recordsPerBatch: 1,
      recordBytes: 1025,
      functionBilledMsPerBatch: 2,
      functionMemoryMB: 1024,
    })
    // 1025 bytes bill as 2 KB; a million invocations of 2 ms at 1 GB.
    expect(costs.kinesisLambda.lines.kinesisRetrieval).toBeCloseTo(0.0762939453125, 12)
    expect(costs.kinesisLambda.lines.lambdaRequests).toBeCloseTo(0.2, 12)
    expect(costs.kinesisLambda.lines.lambdaCompute).toBeCloseTo(0.0266668, 12)
    expect(costs.eventBridgePipes.lines.pipeRequests).toBeCloseTo(0.4, 12)
    expect(costs.eventBridgePipes.usdPerMillionIfBilledPerRecord).toBeCloseTo(
      costs.eventBridgePipes.usdPerMillion,
      12,
    )
  })
})

describe('the idle inventory of push delivery', () => {
  const prices = {
    streamReadByLambda: 0,
    eventSourceMappingPerMonth: 0,
    lambdaRequestsPerMillion: 0.2,
    schedulerInvocationsPerMillion: 1,
    dynamodbReadRequestUnitPerMillion: 0.125,
  }

  it('is $0 a month when nothing ran in the window, the free stream polls counted all the same', () => {
    const idle = idleInventory(prices, { windowSeconds: 20, streamBatches: 0, wakes: 0, storageCalls: 0 })
    expect(idle.dollarsPerMonth).toBe(0)
    expect(idle.lines.streamPollsByLambda.perMonth).toBe(4 * 730 * 3600)
  })

  it('prices what did run, extrapolated from the window to a month', () => {
    // One wake and two storage calls in 36 s: 73,000 wakes and 146,000 calls in 730 hours.
    const idle = idleInventory(prices, { windowSeconds: 36, streamBatches: 0, wakes: 1, storageCalls: 2 })
    expect(idle.lines.pushInvocations.usd).toBeCloseTo(0.0146, 12)
    expect(idle.lines.wakeSchedules.usd).toBeCloseTo(0.073, 12)
    expect(idle.lines.storageCalls.usd).toBeCloseTo(0.01825, 12)
    expect(idle.dollarsPerMonth).toBeCloseTo(0.10585, 12)
  })
})
