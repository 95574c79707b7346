import { loadavg } from 'node:os'
import type { Emulators } from '../functions/local/emulators.js'
import { DEFAULT_BATCH } from '../functions/subscriptions/limits.js'
import { priceFile } from './pricing.js'
import { deliveryCost, PUSH_MEMORY_MB, peerPrices, pushPrices } from './push/costs.js'
import { type DeliverySample, measureDeliveries, RECORD_VALUE_BYTES } from './push/deliveries.js'
import { forwarderBilledMs } from './push/forwarder.js'
import { benchIdle } from './push/idle.js'
import { peerDeliveryCosts } from './push/peers.js'
import { startPushRig } from './push/rig.js'
import { startRecordingWebhook } from './push/webhook.js'
import { latencyModelFile } from './support/latency-model.js'
import { percentile, round, summarize } from './support/stats.js'

const SAMPLES_BATCH1 = 200
const SAMPLES_BATCH100 = 60
/** A Kinesis record needs a partition key; with a 16-byte one, a 1000-byte value is billed as 1 KB. */
const KINESIS_PARTITION_KEY_BYTES = 16

async function step<T>(name: string, run: () => Promise<T>): Promise<T> {
  const started = Date.now()
  const result = await run()
  process.stdout.write(`  push.${name}: ${((Date.now() - started) / 1000).toFixed(1)} s\n`)
  return result
}

const loadAverage = () => loadavg().map((l) => round(l, 1))

const money = (usd: number) => round(usd, 4)
const moneyLines = (lines: Record<string, number>) =>
  Object.fromEntries(Object.entries(lines).map(([k, v]) => [k, round(v, 5)]))

/** The produce-to-target path: p50/p99 of the total and of each part, measured or modelled. */
function latencyFigures(samples: DeliverySample[]) {
  const of = (pick: (s: DeliverySample) => number) => summarize(samples.map(pick))
  const mean = (pick: (s: DeliverySample) => number) =>
    samples.reduce((sum, s) => sum + pick(s), 0) / samples.length
  const modelled = (s: DeliverySample) => s.streamToLambdaMs + s.warmInvokeMs + s.asyncInvokeMs
  return {
    produceToTarget: of((s) => s.produceToTargetMs),
    engine: {
      produce: of((s) => s.produceMs),
      dispatch: of((s) => s.dispatchMs),
      runToTarget: of((s) => s.runToTargetMs),
      run: of((s) => s.runMs),
      callsBeforeTarget: percentile(
        samples.map((s) => s.callsBeforeTarget),
        50,
      ),
    },
    modelled: {
      streamToLambda: of((s) => s.streamToLambdaMs),
      warmInvoke: of((s) => s.warmInvokeMs),
      asyncInvoke: of((s) => s.asyncInvokeMs),
    },
    modelledShareOfMean: round(mean(modelled) / mean((s) => s.produceToTargetMs), 3),
  }
}

/**
 * Push delivery (docs/api.md, Subscriptions) as deployed, simulated: produce-to-target latency, the
 * requests and dollars per delivered record beside two AWS peers, and what subscriptions cost while
 * nothing is produced. See bench/README.md, "The push figures".
 */
export async function benchPush(emulators: Emulators): Promise<Record<string, unknown>> {
  const loadAverageAtStart = loadAverage()
  const rig = await startPushRig(emulators, 23)
  let batch1: Awaited<ReturnType<typeof measureDeliveries>>
  let batch100: Awaited<ReturnType<typeof measureDeliveries>>
  try {
    batch1 = await step('batch1', () => measureDeliveries(rig, 'push-b1', 1, SAMPLES_BATCH1))
    batch100 = await step('batch100', () => measureDeliveries(rig, 'push-b100', 100, SAMPLES_BATCH100))
  } finally {
    await rig.stop()
  }
  const target = await startRecordingWebhook()
  const forwarder = await step('forwarder', async () => {
    try {
      return {
        batch1: await forwarderBilledMs(target.url, 1, RECORD_VALUE_BYTES),
        batch100: await forwarderBilledMs(target.url, 100, RECORD_VALUE_BYTES),
      }
    } finally {
      await target.close()
    }
  })
  const idle = await step('idle', () => benchIdle(emulators))

  const cost1 = deliveryCost(batch1.usage)
  const cost100 = deliveryCost(batch100.usage)
  const peer = (recordsPerBatch: number, functionBilledMsPerBatch: number) =>
    peerDeliveryCosts(peerPrices, {
      recordsPerBatch,
      recordBytes: RECORD_VALUE_BYTES + KINESIS_PARTITION_KEY_BYTES,
      functionBilledMsPerBatch,
      functionMemoryMB: PUSH_MEMORY_MB,
    })
  const peer1 = peer(1, forwarder.batch1)
  const peer100 = peer(100, forwarder.batch100)
  const secretUsd = pushPrices.secretsManager.perSecretMonth
  /**
   * Sluice against a peer, per batch size: its dollars per delivered record over the peer's (above 1,
   * the peer is cheaper per record), and the million records a month below which Sluice (nothing
   * fixed) costs less than the peer with its stream's hourly charge (null where Sluice is cheaper per
   * record too).
   */
  const versus = (peerUsd: (costs: typeof peer1) => number) => {
    const batches: Record<string, [sluice: number, peer: number]> = {
      batch1: [cost1.usdPerMillion, peerUsd(peer1)],
      batch100: [cost100.usdPerMillion, peerUsd(peer100)],
    }
    const each = (f: (sluice: number, peer: number) => number | null) =>
      Object.fromEntries(Object.entries(batches).map(([b, [sluice, peer]]) => [b, f(sluice, peer)]))
    return {
      sluiceRatio: each((sluice, peer) => round(sluice / peer, 2)),
      sluiceCheaperBelowMillionRecordsPerMonth: each((sluice, peer) =>
        sluice > peer ? round(peer1.fixedUsdPerMonth / (sluice - peer), 1) : null,
      ),
    }
  }
  return {
    push: {
      note: 'SIMULATED: the engine runs for real on DynamoDB Local and s3rver with the latency model (bench/inputs) injected into every storage call; the AWS hops no stand-in runs (the stream to the push function, its invokes) are sampled from the model. Not measured in AWS.',
      latency: {
        ...latencyFigures(batch1.samples),
        batch: { ...DEFAULT_BATCH, recordsPerProduce: 1, recordValueBytes: RECORD_VALUE_BYTES },
        notIncluded:
          "the target's network distance and TLS handshake (the webhook is on loopback, over http; webhook deliveries open a connection per batch), a cold push function, and the stream shard rollovers (every few hours) that delay a poll by seconds",
      },
      costPerMillion: {
        batch1: money(cost1.usdPerMillion),
        batch100: money(cost100.usdPerMillion),
      },
      costBreakdown: {
        batch1: { usdPerMillion: moneyLines(cost1.lines), perDelivery: cost1.perDelivery },
        batch100: { usdPerMillion: moneyLines(cost100.lines), perDelivery: cost100.perDelivery },
      },
      peers: {
        kinesisLambda: {
          batch1: money(peer1.kinesisLambda.usdPerMillion),
          batch100: money(peer100.kinesisLambda.usdPerMillion),
          ...versus((costs) => costs.kinesisLambda.usdPerMillion),
          fixedUsdPerMonth: round(peer1.fixedUsdPerMonth, 2),
          lines: {
            batch1: moneyLines(peer1.kinesisLambda.lines),
            batch100: moneyLines(peer100.kinesisLambda.lines),
          },
        },
        eventBridgePipes: {
          batch1: money(peer1.eventBridgePipes.usdPerMillion),
          batch100: money(peer100.eventBridgePipes.usdPerMillion),
          ifBilledPerRecord: {
            batch1: money(peer1.eventBridgePipes.usdPerMillionIfBilledPerRecord),
            batch100: money(peer100.eventBridgePipes.usdPerMillionIfBilledPerRecord),
          },
          ...versus((costs) => costs.eventBridgePipes.usdPerMillion),
          pipeRequestsPerBatch: {
            batch1: peer1.eventBridgePipes.pipeRequestsPerBatch,
            batch100: peer100.eventBridgePipes.pipeRequestsPerBatch,
          },
          fixedUsdPerMonth: round(peer1.fixedUsdPerMonth, 2),
          lines: {
            batch1: moneyLines(peer1.eventBridgePipes.lines),
            batch100: moneyLines(peer100.eventBridgePipes.lines),
          },
        },
        functionBilledMsPerBatch: forwarder,
        assumptions: [
          `Both deliver a Kinesis Data Streams on-demand stream's records to the same webhook through a Lambda function (${PUSH_MEMORY_MB} MB arm64) invoked per batch, which POSTs the batch: billed per batch functionBilledMsPerBatch, Sluice's own webhook delivery of such a batch to the loopback target, timed here (Sluice's push function does the same inside its runs).`,
          `Records: ${RECORD_VALUE_BYTES}-byte values with a ${KINESIS_PARTITION_KEY_BYTES}-byte partition key, billed by Kinesis as 1 KB each. Kinesis ingest ($/GB) is left out, as Sluice's produce is (cost.*): both figures are the delivery side. The stream's hourly charge is fixedUsdPerMonth, whatever flows.`,
          "Kinesis + Lambda trigger: retrieval per GB and the function's invocations and duration; the event source mapping's polling is free.",
          "EventBridge Pipes: the same stream, piped to the function, plus the pipe's requests: one per 64 KB of each batch (the price page's 64 KB chunks, read as applying to the batch a pipe hands its target); ifBilledPerRecord counts one request per record instead.",
        ],
      },
      idle: {
        dollarsPerMonth: round(idle.inventory.dollarsPerMonth, 6),
        inventory: idle.inventory.lines,
        storage: {
          subscriptions: idle.subscriptions,
          partitions: idle.partitions,
          bytes: idle.storage.bytes,
          usdPerMonth: round(idle.storage.usdPerMonth, 8),
          note: "the subscriptions' items and their groups' partition items, with 100 bytes of overhead each (progress items exist only while a delivery fails)",
        },
        outsideDataPath: {
          subscriptionKeySecretUsdPerMonth: secretUsd,
          note: 'the stack makes a Secrets Manager secret for the key webhook secrets are sealed with, subscriptions or not: like the root-key secret, outside the data path and not in dollarsPerMonth',
        },
        measured: idle.measured,
      },
      machine: {
        loadAverageAtStart,
        loadAverageAtEnd: loadAverage(),
        note: 'the engine parts of the latency and the Lambda time in the costs move with how busy this machine was (2 cores shared)',
      },
      inputs: {
        prices: { path: priceFile.path, sha256: priceFile.sha256 },
        latencyModel: { path: latencyModelFile().path, sha256: latencyModelFile().sha256 },
      },
      method: {
        latency: `${SAMPLES_BATCH1} deliveries of one record (one produce request each, the next after the last was delivered), after 5 warm-up: produce through the produce function (a Function URL invoke and the handler); the write's stream record to the push function (modelled: dynamodb.streamToLambda, then lambda.warmInvoke); the push function's real handler on the record DynamoDB Local's stream holds, filtered as deployed (its dispatch, then lambda.asyncInvoke, modelled); the woken run up to the webhook holding the batch. Engine parts: wall-clock time less the time inside the stand-ins (their storage calls wait the model's latencies).`,
        cost: `the same ${SAMPLES_BATCH1} deliveries (batch1), and ${SAMPLES_BATCH100} of 100 records each (batch100): every storage call of the push function metered (DynamoDB's reported capacity, AWS minimums applied), each stream batch its filter passes one invocation (the record's index entry; the run's own writes pass none), each wake one invocation (an async invoke), billed as the bench bills Lambda (the injected latencies plus the CPU time not beside them, rounded up) at ${PUSH_MEMORY_MB} MB arm64; the dispatcher's wait for an async invoke is billed the whole modelled hop (an upper bound). Extrapolated linearly to a million records; the producer's side is cost.*.`,
        idle: `${idle.subscriptions} subscriptions on ${idle.partitions} partitions, after delivering what their topics held: a ${idle.measured.windowSeconds} s window with the local delivery wiring running (stream read every 250 ms, as the event source mapping polls), then one record to show it was live.`,
      },
    },
  }
}
