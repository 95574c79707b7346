import { createHash } from 'node:crypto'
import type { SchedulerClient, SchedulerClientConfig } from '@aws-sdk/client-scheduler'
import { type LambdaClientLoader, loadLambdaSdk, parseFunctionArn } from './lambda-sdk.js'
import type { DeliveryJob, DeliveryWaker } from './types.js'

/** What the push function gets to run a partition's delivery: the job, and the time the wake was for. */
export interface WakeEvent {
  job: DeliveryJob
  /** The wake is for this time (ms): the push function waits until then, and the deliverer treats it as due. */
  wakeAt?: number
}

/**
 * EventBridge Scheduler invokes its targets with a minute's precision (a schedule at 1:00 runs between
 * 1:00:00 and 1:00:59). A wake due sooner than that goes to the push function at once, which waits in
 * its invocation until it is due; later ones are schedules at the minute after they are due.
 */
export const SCHEDULER_PRECISION_MS = 60_000

export interface AwsWakerOptions {
  /** The push function: async invokes and schedules run each wake there. */
  pushFunctionArn: string
  /** The stack's schedule group, where one-time wake schedules go. */
  scheduleGroup: string
  /** The role the scheduler assumes to invoke the push function. */
  schedulerRoleArn: string
  lambda: LambdaClientLoader
  scheduler: () => Promise<SchedulerClient>
  now: () => number
}

/**
 * Wakes in AWS (no poller, nothing billed while idle): a wake now, or due within the scheduler's
 * precision, is an async invoke of the push function with the job; a later one is a one-time EventBridge
 * Scheduler schedule that invokes it then, deleted once it ran. A schedule's name is the job's and its
 * minute's, so a wake asked for twice is one schedule (the second create is a harmless conflict).
 */
export class AwsWaker implements DeliveryWaker {
  private readonly region: string

  constructor(private readonly options: AwsWakerOptions) {
    const arn = parseFunctionArn(options.pushFunctionArn)
    if (!arn) throw new Error(`not a Lambda function ARN: ${options.pushFunctionArn}`)
    this.region = arn.region
  }

  async wake(job: DeliveryJob, atMs?: number): Promise<void> {
    if (atMs === undefined || atMs - this.options.now() < SCHEDULER_PRECISION_MS) {
      await this.invoke(atMs === undefined ? { job } : { job, wakeAt: atMs })
    } else {
      await this.schedule(job, Math.ceil(atMs / SCHEDULER_PRECISION_MS) * SCHEDULER_PRECISION_MS)
    }
  }

  private async invoke(event: WakeEvent): Promise<void> {
    const { InvokeCommand } = await loadLambdaSdk()
    const client = await this.options.lambda(this.region)
    await client.send(
      new InvokeCommand({
        FunctionName: this.options.pushFunctionArn,
        InvocationType: 'Event',
        Payload: Buffer.from(JSON.stringify(event)),
      }),
    )
  }

  /** A schedule at `atMinute`; its event carries that time, which is at or after every wake it stands for. */
  private async schedule(job: DeliveryJob, atMinute: number): Promise<void> {
    const { CreateScheduleCommand } = await loadSchedulerSdk()
    const event: WakeEvent = { job, wakeAt: atMinute }
    try {
      await (await this.options.scheduler()).send(
        new CreateScheduleCommand({
          Name: scheduleName(job, atMinute),
          GroupName: this.options.scheduleGroup,
          ScheduleExpression: `at(${new Date(atMinute).toISOString().slice(0, 19)})`,
          ScheduleExpressionTimezone: 'UTC',
          FlexibleTimeWindow: { Mode: 'OFF' },
          ActionAfterCompletion: 'DELETE',
          Target: {
            Arn: this.options.pushFunctionArn,
            RoleArn: this.options.schedulerRoleArn,
            Input: JSON.stringify(event),
          },
        }),
      )
    } catch (err) {
      // The same wake, already scheduled.
      if (!(err instanceof Error && err.name === 'ConflictException')) throw err
    }
  }
}

/**
 * A schedule's name (up to 64 of [0-9A-Za-z._-], as subscription names are): the start of the
 * subscription's name for whoever reads a list of schedules, a hash of all of it, the partition and
 * the minute, `yyyymmddhhmm` UTC.
 */
export function scheduleName(job: DeliveryJob, atMinute: number): string {
  const hash = createHash('sha256').update(job.subscription).digest('hex').slice(0, 12)
  const minute = new Date(atMinute).toISOString().slice(0, 16).replace(/\D/g, '')
  return `${job.subscription.slice(0, 24)}-${hash}-p${job.partition}-${minute}`
}

let schedulerSdk: Promise<typeof import('@aws-sdk/client-scheduler')> | undefined

/** The Scheduler SDK, imported on first use: most wakes are invokes, and no cold start needs it. */
export function loadSchedulerSdk(): Promise<typeof import('@aws-sdk/client-scheduler')> {
  schedulerSdk ??= import('@aws-sdk/client-scheduler')
  return schedulerSdk
}

/** A Scheduler client with `config`, made on first use. */
export function lazySchedulerClient(config: SchedulerClientConfig = {}): () => Promise<SchedulerClient> {
  let client: Promise<SchedulerClient> | undefined
  return () => {
    client ??= loadSchedulerSdk().then(({ SchedulerClient }) => new SchedulerClient(config))
    return client
  }
}
