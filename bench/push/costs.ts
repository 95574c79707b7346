import { FUNCTION_SETTINGS } from '../../infra/lib/sluice.js'
import { type BillableUsage, LAMBDA_MEMORY_MB, price, scaleUsage } from '../pricing.js'
import { readBenchInput } from '../support/bench-inputs.js'
import type { Usage } from '../support/request-meter.js'
import { round } from '../support/stats.js'
import type { PeerPrices } from './peers.js'

/** The sections of bench/inputs/aws-prices.json that push delivery and its peers are priced with. */
interface PushPriceList {
  dynamodb: { streamsReadsByLambda: number; onDemandReadRequestUnitPerMillion: number }
  lambda: { requestsPerMillion: number; gbSecondArm64: number }
  lambdaEventSourceMapping: { streamPollingDefaultMode: number }
  eventBridgeScheduler: { invocationsPerMillion: number }
  secretsManager: { perSecretMonth: number }
  peers: {
    kinesisOnDemandStandard: { perStreamHour: number; retrievalPerGB: number; recordsRoundedUpToKB: number }
    eventBridgePipes: { requestsPerMillion: number; requestChunkKB: number }
  }
}

export const pushPrices = readBenchInput<PushPriceList>('aws-prices.json').data

export const peerPrices: PeerPrices = {
  lambda: pushPrices.lambda,
  kinesis: pushPrices.peers.kinesisOnDemandStandard,
  pipes: pushPrices.peers.eventBridgePipes,
}

/** The push function's memory (infra/lib/sluice.ts): its GB-seconds are billed at it. */
export const PUSH_MEMORY_MB = FUNCTION_SETTINGS.push.memoryMB

/** What a run of deliveries cost in requests: the push function's storage calls, invocations and time. */
export interface MeasuredDeliveries {
  deliveries: number
  recordsPerDelivery: number
  /** The push function's AWS requests (its metered clients): dispatch and delivery runs. */
  aws: Usage
  /** Its invocations: by the stream's event source mapping, and by its own async invokes (wakes). */
  invocations: { stream: number; wake: number }
  billedMs: { stream: number; wake: number }
  /** Wakes a minute or more ahead: EventBridge Scheduler one-time schedules. */
  schedules: number
}

/** Dollars per million records delivered, by line, and the requests per delivery behind them. */
export function deliveryCost(m: MeasuredDeliveries) {
  const factor = 1e6 / (m.deliveries * m.recordsPerDelivery)
  const usage: BillableUsage = {
    wru: m.aws.wru,
    rru: m.aws.rru,
    s3Puts: m.aws.s3Puts + m.aws.s3OtherTier1,
    s3Gets: m.aws.s3Gets,
    lambdaInvocations: m.invocations.stream + m.invocations.wake,
    // price() bills Lambda ms at LAMBDA_MEMORY_MB: this keeps the GB-seconds at the push function's.
    lambdaBilledMs: (m.billedMs.stream + m.billedMs.wake) * (PUSH_MEMORY_MB / LAMBDA_MEMORY_MB),
    httpApiRequests: 0,
  }
  const priced = price(scaleUsage(usage, factor))
  const scheduler = ((m.schedules * factor) / 1e6) * pushPrices.eventBridgeScheduler.invocationsPerMillion
  const perDelivery = (n: number) => round(n / m.deliveries, 2)
  return {
    usdPerMillion: priced.total + scheduler,
    lines: {
      dynamodbReads: priced.dynamodbReads,
      dynamodbWrites: priced.dynamodbWrites,
      s3Gets: priced.s3Gets,
      lambdaRequests: priced.lambdaRequests,
      lambdaCompute: priced.lambdaCompute,
      schedulerInvocations: scheduler,
      streamReadsByLambda: pushPrices.dynamodb.streamsReadsByLambda,
    },
    perDelivery: {
      rru: perDelivery(m.aws.rru),
      wru: perDelivery(m.aws.wru),
      s3Gets: perDelivery(m.aws.s3Gets),
      callsByOperation: Object.fromEntries(
        Object.entries(m.aws.operations).map(([op, u]) => [op, perDelivery(u.requests)]),
      ),
      pushInvocations: {
        byStream: perDelivery(m.invocations.stream),
        byWake: perDelivery(m.invocations.wake),
      },
      pushBilledMs: { byStream: perDelivery(m.billedMs.stream), byWake: perDelivery(m.billedMs.wake) },
      schedules: perDelivery(m.schedules),
    },
  }
}
