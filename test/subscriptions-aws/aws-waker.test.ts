import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { type LambdaStandIn, startLambdaStandIn } from '../../functions/local/lambda-standin.js'
import { localCredentials } from '../../functions/storage/dynamo-clients.js'
import {
  AwsWaker,
  lazySchedulerClient,
  SCHEDULER_PRECISION_MS,
  scheduleName,
} from '../../functions/subscriptions/aws-waker.js'
import { lazyLambdaClients } from '../../functions/subscriptions/lambda-sdk.js'
import { type SchedulerStandIn, startSchedulerStandIn } from './support/scheduler-standin.js'

// The AWS waker through the real Lambda and Scheduler SDK clients, against stand-ins of the two APIs:
// the push function's async invokes land in a handler here; schedules are kept as created.
const PUSH = 'arn:aws:lambda:us-east-1:111122223333:function:sluice-push'
const GROUP = 'sluice-wakes'
const ROLE = 'arn:aws:iam::111122223333:role/sluice-wake'
const NOW = Date.parse('2030-01-01T00:00:10Z')
const job = { subscription: 'eta-hook', partition: 3 }

let lambda: LambdaStandIn
let scheduler: SchedulerStandIn
let woken: unknown[]
let waker: AwsWaker

beforeAll(async () => {
  lambda = await startLambdaStandIn()
  scheduler = await startSchedulerStandIn([GROUP])
  lambda.register(PUSH, (event: unknown) => {
    woken.push(event)
  })
  const clientConfig = { region: 'us-east-1', credentials: localCredentials }
  waker = new AwsWaker({
    pushFunctionArn: PUSH,
    scheduleGroup: GROUP,
    schedulerRoleArn: ROLE,
    lambda: lazyLambdaClients({ endpoint: lambda.url, credentials: localCredentials }),
    scheduler: lazySchedulerClient({ ...clientConfig, endpoint: scheduler.url }),
    now: () => NOW,
  })
})
beforeEach(() => {
  woken = []
})
afterAll(async () => {
  await lambda.stop()
  await scheduler.stop()
})

describe('the AWS waker', () => {
  it('wakes now by an async invoke of the push function with the job', async () => {
    await waker.wake(job)
    await lambda.settled()
    expect(woken).toEqual([{ job }])
  })

  it('a wake due within the scheduler’s precision is an invoke too, carrying its time', async () => {
    const atMs = NOW + SCHEDULER_PRECISION_MS - 1
    await waker.wake(job, atMs)
    await waker.wake(job, NOW - 5)
    await lambda.settled()
    expect(woken).toEqual([
      { job, wakeAt: atMs },
      { job, wakeAt: NOW - 5 },
    ])
    expect(scheduler.schedules(GROUP)).toEqual([])
  })

  it('a later wake is a one-time schedule at the minute after it, deleted once it ran', async () => {
    await waker.wake(job, NOW + 5 * 60_000)
    await lambda.settled()
    expect(woken).toEqual([])
    const wakeAt = Date.parse('2030-01-01T00:06:00Z')
    expect(scheduler.schedules(GROUP)).toEqual([
      {
        Name: scheduleName(job, wakeAt),
        GroupName: GROUP,
        ScheduleExpression: 'at(2030-01-01T00:06:00)',
        ScheduleExpressionTimezone: 'UTC',
        FlexibleTimeWindow: { Mode: 'OFF' },
        ActionAfterCompletion: 'DELETE',
        Target: { Arn: PUSH, RoleArn: ROLE, Input: JSON.stringify({ job, wakeAt }) },
        ClientToken: expect.any(String),
      },
    ])
  })

  it('a wake asked again for the same minute is the same schedule: the conflict is no error', async () => {
    await waker.wake(job, NOW + 5 * 60_000)
    await waker.wake(job, NOW + 5 * 60_000 - 5_000)
    expect(scheduler.schedules(GROUP)).toHaveLength(1)
  })

  it('another partition, or another minute, is another schedule', async () => {
    await waker.wake({ ...job, partition: 4 }, NOW + 5 * 60_000)
    await waker.wake(job, NOW + 6 * 60_000)
    expect(scheduler.schedules(GROUP).map((s) => s.Name)).toEqual([
      scheduleName(job, Date.parse('2030-01-01T00:06:00Z')),
      scheduleName({ ...job, partition: 4 }, Date.parse('2030-01-01T00:06:00Z')),
      scheduleName(job, Date.parse('2030-01-01T00:07:00Z')),
    ])
  })

  it('other failures to schedule are the caller’s to see', async () => {
    const lost = new AwsWaker({
      pushFunctionArn: PUSH,
      scheduleGroup: 'no-such-group',
      schedulerRoleArn: ROLE,
      lambda: lazyLambdaClients({ endpoint: lambda.url, credentials: localCredentials }),
      scheduler: lazySchedulerClient({
        region: 'us-east-1',
        credentials: localCredentials,
        endpoint: scheduler.url,
      }),
      now: () => NOW,
    })
    await expect(lost.wake(job, NOW + 5 * 60_000)).rejects.toThrow(/does not exist/)
  })
})

describe('schedule names', () => {
  it('fit Scheduler’s rule (64 of [0-9A-Za-z._-]) for the longest subscription name', () => {
    const name = scheduleName({ subscription: 'a'.repeat(249), partition: 9999 }, NOW)
    expect(name).toMatch(/^[0-9A-Za-z._-]{1,64}$/)
  })

  it('differ for names alike in their first characters', () => {
    const a = scheduleName({ subscription: `${'a'.repeat(30)}-x`, partition: 0 }, NOW)
    const b = scheduleName({ subscription: `${'a'.repeat(30)}-y`, partition: 0 }, NOW)
    expect(a).not.toBe(b)
  })
})
