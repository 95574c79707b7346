import { GB, HOURS_PER_MONTH } from '../pricing.js'

/** List prices the peers are priced with (sections of bench/inputs/aws-prices.json). */
export interface PeerPrices {
  lambda: { requestsPerMillion: number; gbSecondArm64: number }
  kinesis: { perStreamHour: number; retrievalPerGB: number; recordsRoundedUpToKB: number }
  pipes: { requestsPerMillion: number; requestChunkKB: number }
}

/** A delivery workload as the peers would carry it. */
export interface PeerWorkload {
  /** Records per invocation of the function (the event source's batch). */
  recordsPerBatch: number
  /** A record as the stream bills it: its value and its partition key. */
  recordBytes: number
  /** The function's billed ms per batch: the forwarding of one batch to the target. */
  functionBilledMsPerBatch: number
  functionMemoryMB: number
}

const MILLION = 1e6

/**
 * What delivering a million records costs through the peers, from a stream to a function per batch:
 * Kinesis Data Streams on demand with a Lambda trigger (its retrieval per GB, the function's
 * invocations and duration; the event source mapping's polling is free), and the same stream through
 * an EventBridge Pipe to a Lambda target (the pipe's requests on top). The producer's side (Kinesis
 * ingest) is left out as Sluice's produce is; the stream's hourly charge is a fixed monthly cost.
 */
export function peerDeliveryCosts(prices: PeerPrices, w: PeerWorkload) {
  const { kinesis, lambda, pipes } = prices
  const batches = MILLION / w.recordsPerBatch
  const billedKB =
    Math.ceil(w.recordBytes / 1024 / kinesis.recordsRoundedUpToKB) * kinesis.recordsRoundedUpToKB
  const retrieval = ((MILLION * billedKB * 1024) / GB) * kinesis.retrievalPerGB
  const lambdaRequests = (batches / MILLION) * lambda.requestsPerMillion
  const lambdaCompute =
    batches * (w.functionBilledMsPerBatch / 1000) * (w.functionMemoryMB / 1024) * lambda.gbSecondArm64
  const chunk = pipes.requestChunkKB * 1024
  const pipeRequests = batches * Math.ceil((w.recordsPerBatch * w.recordBytes) / chunk)
  const pipeRequestsIfPerRecord = MILLION * Math.ceil(w.recordBytes / chunk)
  const kinesisLambda = retrieval + lambdaRequests + lambdaCompute
  const pipesUsd = (requests: number) => (requests / MILLION) * pipes.requestsPerMillion
  return {
    kinesisLambda: {
      usdPerMillion: kinesisLambda,
      lines: { kinesisRetrieval: retrieval, lambdaRequests, lambdaCompute },
    },
    eventBridgePipes: {
      usdPerMillion: kinesisLambda + pipesUsd(pipeRequests),
      usdPerMillionIfBilledPerRecord: kinesisLambda + pipesUsd(pipeRequestsIfPerRecord),
      lines: {
        kinesisRetrieval: retrieval,
        pipeRequests: pipesUsd(pipeRequests),
        lambdaRequests,
        lambdaCompute,
      },
      pipeRequestsPerBatch: pipeRequests / batches,
    },
    /** Both: the Kinesis stream's hourly charge, whatever flows. */
    fixedUsdPerMonth: kinesis.perStreamHour * HOURS_PER_MONTH,
  }
}
