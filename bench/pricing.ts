import { FUNCTION_SETTINGS } from '../infra/lib/sluice.js'
import { readBenchInput } from './support/bench-inputs.js'
import type { LambdaUsage } from './support/lambda-http.js'
import type { Usage } from './support/request-meter.js'

interface PriceList {
  dynamodb: {
    onDemandWriteRequestUnitPerMillion: number
    onDemandReadRequestUnitPerMillion: number
    storagePerGBMonth: number
  }
  s3Standard: { putCopyPostListPerThousand: number; getPerThousand: number; storagePerGBMonth: number }
  lambda: { requestsPerMillion: number; gbSecondArm64: number }
  apiGateway: { httpApiPerMillion: number }
  peers: {
    kinesisOnDemandStandard: { perStreamHour: number; ingestPerGB: number; retrievalPerGB: number }
    mskServerless: {
      perClusterHour: number
      perPartitionHour: number
      ingressPerGB: number
      egressPerGB: number
      storagePerGBMonth: number
    }
  }
}

export const priceFile = readBenchInput<PriceList>('aws-prices.json')
const prices = priceFile.data

/** Bytes in a GB as AWS bills storage and transfer (binary gigabytes). */
export const GB = 1024 ** 3
export const HOURS_PER_MONTH = 730

/**
 * What the functions run at: arm64 (the CDK app's architecture) and the produce and fetch functions'
 * memory in infra/lib/sluice.ts.
 */
export const LAMBDA_MEMORY_MB = FUNCTION_SETTINGS.produce.memoryMB
/** API Gateway HTTP APIs meter a request per started 512 KB of payload. */
const HTTP_API_METERING_BYTES = 512 * 1024

/** Billable quantities of a workload: AWS requests, units and bytes, and the front door's requests. */
export interface BillableUsage {
  wru: number
  rru: number
  s3Puts: number
  s3Gets: number
  lambdaInvocations: number
  lambdaBilledMs: number
  /** API Gateway HTTP API requests after 512 KB metering. */
  httpApiRequests: number
}

export function billable(aws: Usage, lambda: LambdaUsage): BillableUsage {
  return {
    wru: aws.wru,
    rru: aws.rru,
    s3Puts: aws.s3Puts + aws.s3OtherTier1,
    s3Gets: aws.s3Gets,
    lambdaInvocations: lambda.invocations,
    lambdaBilledMs: lambda.billedMs,
    httpApiRequests: lambda.requestBytes.reduce(
      (sum, bytes) => sum + Math.max(1, Math.ceil(bytes / HTTP_API_METERING_BYTES)),
      0,
    ),
  }
}

export function addUsage(a: BillableUsage, b: BillableUsage): BillableUsage {
  return {
    wru: a.wru + b.wru,
    rru: a.rru + b.rru,
    s3Puts: a.s3Puts + b.s3Puts,
    s3Gets: a.s3Gets + b.s3Gets,
    lambdaInvocations: a.lambdaInvocations + b.lambdaInvocations,
    lambdaBilledMs: a.lambdaBilledMs + b.lambdaBilledMs,
    httpApiRequests: a.httpApiRequests + b.httpApiRequests,
  }
}

export function scaleUsage(usage: BillableUsage, factor: number): BillableUsage {
  return Object.fromEntries(
    Object.entries(usage).map(([k, v]) => [k, v * factor]),
  ) as unknown as BillableUsage
}

/** Dollars per line item; `total` includes the front door, `totalWithFunctionUrls` swaps it for Function URLs (free). */
export interface PricedUsage {
  dynamodbWrites: number
  dynamodbReads: number
  s3Puts: number
  s3Gets: number
  lambdaRequests: number
  lambdaCompute: number
  apiGatewayHttpApi: number
  storage: number
  total: number
  totalWithFunctionUrls: number
}

/** Storage held for `hours` of DynamoDB and S3 bytes. */
export function storageUsd(bytes: { dynamodb: number; s3: number }, hours: number): number {
  const months = hours / HOURS_PER_MONTH
  return (
    (bytes.dynamodb / GB) * prices.dynamodb.storagePerGBMonth * months +
    (bytes.s3 / GB) * prices.s3Standard.storagePerGBMonth * months
  )
}

export function price(usage: BillableUsage, storage = 0): PricedUsage {
  const lines = {
    dynamodbWrites: (usage.wru / 1e6) * prices.dynamodb.onDemandWriteRequestUnitPerMillion,
    dynamodbReads: (usage.rru / 1e6) * prices.dynamodb.onDemandReadRequestUnitPerMillion,
    s3Puts: (usage.s3Puts / 1000) * prices.s3Standard.putCopyPostListPerThousand,
    s3Gets: (usage.s3Gets / 1000) * prices.s3Standard.getPerThousand,
    lambdaRequests: (usage.lambdaInvocations / 1e6) * prices.lambda.requestsPerMillion,
    lambdaCompute: (usage.lambdaBilledMs / 1000) * (LAMBDA_MEMORY_MB / 1024) * prices.lambda.gbSecondArm64,
    apiGatewayHttpApi: (usage.httpApiRequests / 1e6) * prices.apiGateway.httpApiPerMillion,
    storage,
  }
  const total = Object.values(lines).reduce((sum, v) => sum + v, 0)
  return { ...lines, total, totalWithFunctionUrls: total - lines.apiGatewayHttpApi }
}

/** Kinesis Data Streams on demand (standard) and MSK Serverless for `gb` written and read once. */
export function peerUsd(gb: number, options: { hours: number; partitions: number }) {
  const kinesis = prices.peers.kinesisOnDemandStandard
  const msk = prices.peers.mskServerless
  return {
    kinesisOnDemand: {
      variable: gb * (kinesis.ingestPerGB + kinesis.retrievalPerGB),
      fixedPerMonth: kinesis.perStreamHour * HOURS_PER_MONTH,
      forHours: kinesis.perStreamHour * options.hours,
    },
    mskServerless: {
      variable:
        gb * (msk.ingressPerGB + msk.egressPerGB) +
        gb * msk.storagePerGBMonth * (options.hours / HOURS_PER_MONTH),
      fixedPerMonth: (msk.perClusterHour + msk.perPartitionHour * options.partitions) * HOURS_PER_MONTH,
      forHours: (msk.perClusterHour + msk.perPartitionHour * options.partitions) * options.hours,
    },
  }
}

export const storagePrices = {
  dynamodbPerGBMonth: prices.dynamodb.storagePerGBMonth,
  s3PerGBMonth: prices.s3Standard.storagePerGBMonth,
}
