import type { DynamoDBStreamEvent } from 'aws-lambda'
import type { WakeEvent } from '../../functions/subscriptions/aws-waker.js'
import { produceBody } from '../support/bench-service.js'
import { sleep } from '../support/latency-model.js'
import type { MeasuredDeliveries } from './costs.js'
import { invocation } from './invocation.js'
import { type PushRig, storageCalls, subscribedTopic } from './rig.js'

/**
 * One record's (or batch's) way from the producer to the target, in simulated ms: the parts the
 * engine's real code ran (with the model's latency on each storage call) and the hops the model adds.
 */
export interface DeliverySample {
  /** The produce request: the Function URL invoke and the handler (engine). */
  produceMs: number
  /** Modelled: the write's stream record reaching the push function. */
  streamToLambdaMs: number
  /** Modelled: the event source mapping's invoke of the push function. */
  warmInvokeMs: number
  /** Engine: the push function's dispatch of the stream batch, up to its async invoke. */
  dispatchMs: number
  /** Modelled: the async invoke until the delivery run's handler starts. */
  asyncInvokeMs: number
  /** Engine: the delivery run from its start to the webhook holding the batch (lease, fetch, POST). */
  runToTargetMs: number
  /** Engine: the whole delivery run (with the commit that releases the lease, after the POST). */
  runMs: number
  /** The delivery run's storage calls before the webhook held the batch. */
  callsBeforeTarget: number
  produceToTargetMs: number
  /** Invocations of the push function: by its event source (stream batches) and by its wakes. */
  invocations: { stream: number; wake: number }
  billedMs: { stream: number; wake: number }
}

/** Record values: with a short partition key, a record Kinesis bills as 1 KB. */
export const RECORD_VALUE_BYTES = 1000

/** How long a write may take to show on DynamoDB Local's stream before the bench gives up. */
const STREAM_WAIT_MS = 5000

/** The next records the push function's event source would hand it, waiting for at least one. */
async function nextStreamBatch(rig: PushRig): Promise<DynamoDBStreamEvent['Records']> {
  const deadline = performance.now() + STREAM_WAIT_MS
  for (;;) {
    const kept = await rig.stream.kept()
    if (kept.length > 0) return kept
    if (performance.now() > deadline) throw new Error('the produced records never showed on the stream')
    await sleep(5)
  }
}

/**
 * Produces `body` (its records land in one batch) and runs what AWS would run for it, one invocation at
 * a time: each batch of the stream that the push function's filter keeps is one invocation (the
 * dispatcher, which async-invokes a run per woken partition), each wake one more, until the stream
 * holds nothing more for it (a run's own writes pass no filter) and no wake is pending. Sparse
 * traffic: the stream records of one delivery never share a batch with another's.
 */
export async function deliverOne(rig: PushRig, topic: string, body: string, records: number) {
  const { latency, hops, waker, webhook } = rig
  const produced = await rig.producer.http.ok('POST', `/v1/topics/${topic}/records`, body)
  const arrivalsBefore = webhook.arrivals.length
  if (rig.callsAtArrival.length !== arrivalsBefore) throw new Error('a delivery arrived unaccounted for')
  const deliveredBefore = webhook.recordsDelivered()
  const invocations = { stream: 0, wake: 0 }
  const billedMs = { stream: 0, wake: 0 }
  let path: Omit<DeliverySample, 'produceMs' | 'produceToTargetMs' | 'invocations' | 'billedMs'> | undefined
  let batch = await nextStreamBatch(rig)
  while (batch.length > 0) {
    const invokeMsBefore = waker.invokeMs
    const dispatched = await invocation(latency, () => rig.invoke({ Records: batch }))
    invocations.stream++
    billedMs.stream += dispatched.billedMs
    while (waker.pending.length > 0) {
      const wake = waker.pending.shift() as WakeEvent
      const callsBefore = storageCalls(rig.push)
      const run = await invocation(latency, () => rig.invoke(wake))
      invocations.wake++
      billedMs.wake += run.billedMs
      const arrived = webhook.arrivals[arrivalsBefore]
      if (path || arrived === undefined) continue
      const asyncInvokeMs = waker.invokeMs - invokeMsBefore
      path = {
        streamToLambdaMs: hops.streamToLambda(),
        warmInvokeMs: hops.warmInvoke(),
        dispatchMs: dispatched.simulatedMs - asyncInvokeMs,
        asyncInvokeMs,
        runToTargetMs: arrived - run.started - latency.excludedWithin(run.started, arrived),
        runMs: run.simulatedMs,
        callsBeforeTarget: (rig.callsAtArrival[arrivalsBefore] as number) - callsBefore,
      }
    }
    batch = await rig.stream.kept()
  }
  if (!path || webhook.arrivals.length !== arrivalsBefore + 1) {
    throw new Error(`expected one delivery, got ${webhook.arrivals.length - arrivalsBefore}`)
  }
  const delivered = webhook.recordsDelivered() - deliveredBefore
  if (delivered !== records) throw new Error(`expected ${records} records delivered, got ${delivered}`)
  const produceToTargetMs =
    produced.latencyMs +
    path.streamToLambdaMs +
    path.warmInvokeMs +
    path.dispatchMs +
    path.asyncInvokeMs +
    path.runToTargetMs
  return { produceMs: produced.latencyMs, ...path, produceToTargetMs, invocations, billedMs }
}

const WARMUP = 5

/**
 * `samples` deliveries of `records` records each (one produce request each, delivered as one batch)
 * on a topic subscribed for it, after a warm-up: what each took, and what they cost in requests.
 */
export async function measureDeliveries(rig: PushRig, topic: string, records: number, samples: number) {
  await subscribedTopic(rig, topic)
  const body = produceBody(records, RECORD_VALUE_BYTES)
  for (let i = 0; i < WARMUP; i++) await deliverOne(rig, topic, body, records)
  rig.push.meter.reset()
  const schedulesBefore = rig.waker.schedules
  const measured: DeliverySample[] = []
  for (let i = 0; i < samples; i++) measured.push(await deliverOne(rig, topic, body, records))
  const sum = (pick: (s: DeliverySample) => number) => measured.reduce((total, s) => total + pick(s), 0)
  const usage: MeasuredDeliveries = {
    deliveries: samples,
    recordsPerDelivery: records,
    aws: rig.push.meter.snapshot(),
    invocations: { stream: sum((s) => s.invocations.stream), wake: sum((s) => s.invocations.wake) },
    billedMs: { stream: sum((s) => s.billedMs.stream), wake: sum((s) => s.billedMs.wake) },
    schedules: rig.waker.schedules - schedulesBefore,
  }
  return { samples: measured, usage }
}
