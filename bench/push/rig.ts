import { createPushHandler, type PushEvent, type PushResult } from '../../functions/lambda/push.js'
import type { Emulators } from '../../functions/local/emulators.js'
import { SCHEDULER_PRECISION_MS, type WakeEvent } from '../../functions/subscriptions/aws-waker.js'
import { createSubscription } from '../../functions/subscriptions/create.js'
import type { DeliveryJob, DeliveryWaker } from '../../functions/subscriptions/types.js'
import { type BenchService, benchStorage, createTopic, startBenchService } from '../support/bench-service.js'
import { LatencyModel } from '../support/latency-model.js'
import { ModelledHops } from './hops.js'
import { StreamCursor } from './table-stream.js'
import { type RecordingWebhook, startRecordingWebhook } from './webhook.js'

/**
 * The push function's wakes as AWS runs them: one due now (or within the scheduler's precision) is an
 * async invoke of the push function, waited for here by a sample of the model's `lambda.asyncInvoke`
 * and then pending until the bench runs it as the next invocation; one due later would be an
 * EventBridge Scheduler schedule, only counted (a healthy delivery makes none).
 */
export class AsyncInvokeWaker implements DeliveryWaker {
  readonly pending: WakeEvent[] = []
  schedules = 0
  /** The modelled async-invoke latencies waited, summed. */
  invokeMs = 0

  constructor(
    private readonly latency: LatencyModel,
    private readonly hops: ModelledHops,
  ) {}

  async wake(job: DeliveryJob, atMs?: number): Promise<void> {
    if (atMs !== undefined && atMs - Date.now() >= SCHEDULER_PRECISION_MS) {
      this.schedules++
      return
    }
    const ms = this.hops.asyncInvoke()
    this.invokeMs += ms
    // One wait stands for both the caller's wait for Lambda to accept the event (billed to the caller:
    // an upper bound, the answer comes once the event is queued) and the event's way to the handler.
    await this.latency.delay(ms)
    this.pending.push(atMs === undefined ? { job } : { job, wakeAt: atMs })
  }
}

/**
 * Push delivery as deployed, on the local stand-ins with the latency model injected: the produce
 * function (a bench service), the push function (the real handler of functions/lambda/push.ts on one
 * warm instance, for its stream batches and its wakes alike), the table's stream read as its event
 * source mapping reads it (filtered as the stack filters it), and a webhook on loopback.
 */
export interface PushRig {
  latency: LatencyModel
  hops: ModelledHops
  producer: BenchService
  push: BenchService
  waker: AsyncInvokeWaker
  stream: StreamCursor
  webhook: RecordingWebhook
  /** The push function's storage calls so far, when each delivery arrived at the webhook. */
  callsAtArrival: number[]
  /** One invocation of the push function's handler. */
  invoke(event: PushEvent): Promise<PushResult>
  stop(): Promise<void>
}

const PUSH_CONTEXT = {
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:111122223333:function:sluice-push',
  getRemainingTimeInMillis: () => 900_000,
}

export async function startPushRig(emulators: Emulators, seed: number): Promise<PushRig> {
  const storage = benchStorage(emulators, 'push')
  const latency = new LatencyModel(seed)
  const hops = new ModelledHops(seed + 1)
  const waker = new AsyncInvokeWaker(latency, hops)
  const producer = await startBenchService({ storage, latency })
  const push = await startBenchService({
    storage,
    latency,
    // Sparse traffic: each stream batch finds the dispatcher's list of subscriptions expired.
    subscriptions: { waker: () => waker, timing: { dispatchCacheMs: 0 } },
  })
  const handler = createPushHandler(() => push.service.deps)
  const stream = new StreamCursor(storage)
  const callsAtArrival: number[] = []
  const webhook = await startRecordingWebhook(() => callsAtArrival.push(storageCalls(push)))
  return {
    latency,
    hops,
    producer,
    push,
    waker,
    stream,
    webhook,
    callsAtArrival,
    invoke: (event) => handler(event, PUSH_CONTEXT),
    async stop() {
      stream.close()
      await webhook.close()
      await push.stop()
      await producer.stop()
    },
  }
}

/** Every AWS request a bench service has made since its meter was last reset. */
export const storageCalls = (service: BenchService) =>
  Object.values(service.meter.snapshot().operations).reduce((sum, u) => sum + u.requests, 0)

/**
 * A topic of one partition and a webhook subscription on it (default batch: up to 100 records, no
 * wait), with the wakes its creation asks for run and the stream read past it: nothing of the setup is
 * left to run or to read when the measured deliveries begin.
 */
export async function subscribedTopic(rig: PushRig, topic: string): Promise<void> {
  await createTopic(rig.producer.http, topic, 1)
  await createSubscription(rig.push.service.deps, {
    name: `${topic}-hook`,
    topic,
    target: { type: 'webhook', url: rig.webhook.url, secret: 'whsec_bench' },
  })
  while (rig.waker.pending.length > 0) await rig.invoke(rig.waker.pending.shift() as WakeEvent)
  await rig.stream.kept()
}
