import type { DynamoDBStreamEvent } from 'aws-lambda'
import type { StreamRecordLike } from '../engine/janitor.js'
import { createService, type ServiceDeps } from '../service.js'
import { storageConfigFromEnv } from '../storage/config.js'
import { SCHEDULER_PRECISION_MS, type WakeEvent } from '../subscriptions/aws-waker.js'
import { type DeliveryRun, deliverPartition } from '../subscriptions/deliver-partition.js'
import { Dispatcher } from '../subscriptions/dispatch.js'
import type { DeliveryJob } from '../subscriptions/types.js'
import { awsSubscriptionOptions } from './subscription-options.js'

/** The parts of Lambda's context the push function reads. */
export interface PushContext {
  /** This function: the target of its own wakes. */
  invokedFunctionArn?: string
  getRemainingTimeInMillis(): number
}

/** Time a run leaves itself after its budget: a delivery under way (its target's timeout), then its commit. */
const RUN_RESERVE_MS = 15_000

/** After a run failed on storage, its partition is tried again this much later (a schedule). */
const AFTER_ERROR_MS = 120_000

export type PushEvent = DynamoDBStreamEvent | WakeEvent

export type PushResult = { woken: DeliveryJob[] } | ({ job: DeliveryJob } & DeliveryRun)

/**
 * The push function: one entry for two events. A batch of the table's stream (index entry inserts and
 * group resets, as its event source filters them) is dispatched: each (subscription, partition) it
 * concerns is woken, by an async invoke of this function; nothing waits on a target, so the shard never
 * waits either. A wake `{job}` runs that partition's delivery; `wakeAt`, when given and still ahead, is
 * waited for first (a wake too soon for a schedule). `service` builds the service the function works
 * on, given the function's own ARN; it is built on the first event.
 */
export function createPushHandler(service: (selfArn: string | undefined) => ServiceDeps) {
  let built: { deps: ServiceDeps; dispatcher: Dispatcher } | undefined
  return async (event: PushEvent, context: PushContext): Promise<PushResult> => {
    if (!built) {
      const deps = service(unqualified(context.invokedFunctionArn))
      built = { deps, dispatcher: new Dispatcher(deps) }
    }
    if ('job' in event) return runWake(built.deps, event, context)
    if (!Array.isArray(event.Records))
      throw new Error('the push function takes stream batches and wakes only')
    // aws-lambda's stream record types and the SDK's AttributeValue describe the same JSON.
    return { woken: await built.dispatcher.dispatch(event.Records as StreamRecordLike[]) }
  }
}

async function runWake(deps: ServiceDeps, event: WakeEvent, context: PushContext): Promise<PushResult> {
  const { job, wakeAt } = event
  // A wake too soon to schedule comes before its time, and waits here: never longer than that.
  const early = wakeAt === undefined ? 0 : Math.min(wakeAt - deps.now(), SCHEDULER_PRECISION_MS)
  if (early > 0) await new Promise((resolve) => setTimeout(resolve, early))
  const timing = deps.deliveryTiming
  const budgetMs = Math.min(
    timing.budgetMs,
    context.getRemainingTimeInMillis() - timing.targetTimeoutMs - RUN_RESERVE_MS,
  )
  try {
    const run = await deliverPartition(deps, job, { budgetMs, ...(wakeAt === undefined ? {} : { wakeAt }) })
    return { job, ...run }
  } catch (err) {
    // The store failed (throttled, unreachable): a schedule tries again. Lambda does not retry this
    // function's async invokes (infra/lib), so a run that keeps failing is one wake, not a growing tree.
    await deps.waker.wake(job, deps.now() + AFTER_ERROR_MS)
    throw err
  }
}

/** A function ARN without its version or alias: wakes go to the function as deployed. */
function unqualified(arn: string | undefined): string | undefined {
  return arn?.split(':').slice(0, 7).join(':')
}

export const handler = createPushHandler((selfArn) =>
  createService(storageConfigFromEnv(), { subscriptions: awsSubscriptionOptions(process.env, selfArn) }),
)
