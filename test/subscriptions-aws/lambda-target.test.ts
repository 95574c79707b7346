import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type LambdaStandIn, startLambdaStandIn } from '../../functions/local/lambda-standin.js'
import { localCredentials } from '../../functions/storage/dynamo-clients.js'
import { DeliveryError, type DeliveryEvent } from '../../functions/subscriptions/delivery-target.js'
import { lazyLambdaClients } from '../../functions/subscriptions/lambda-sdk.js'
import { FunctionArnRefused, lambdaTargets } from '../../functions/subscriptions/targets/lambda.js'

// The Lambda target through the real AWS SDK Lambda client, against the local stand-in of Lambda's
// Invoke API: the same requests and answers a deployed stack's target sends and reads.
const ACCOUNT = '111122223333'
const arn = (name: string) => `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${name}`

const event: DeliveryEvent = {
  subscription: 'eta-hook',
  topic: 'rides',
  partition: 1,
  attempt: 1,
  encoding: 'utf8',
  records: [
    { offset: 5, timestamp: 1000, key: 'k', value: 'a', headers: {} },
    { offset: 6, timestamp: 1001, key: null, value: 'b', headers: { h: 'v' } },
  ],
}
const request = { event, idempotencyKey: 'eta-hook/1/5-6', timeoutMs: 30_000 }

let standIn: LambdaStandIn
let target: (functionArn: string) => ReturnType<ReturnType<typeof lambdaTargets>>
const received: unknown[] = []
let releaseSlow: () => void = () => undefined

beforeAll(async () => {
  standIn = await startLambdaStandIn({ accountId: ACCOUNT })
  standIn.register(arn('records'), async (e: unknown) => {
    received.push(e)
    return undefined
  })
  standIn.register(arn('partial'), async () => ({ failedOffset: 6, note: 'the rest later' }))
  standIn.register(arn('pipeline'), async () => ({
    produce: [{ topic: 'etas', records: [{ key: 'k', value: 'eta 5 min' }] }],
  }))
  standIn.register(arn('throws'), async () => {
    throw new TypeError(`cannot read rides: ${'x'.repeat(2000)}`)
  })
  standIn.register(arn('bad-answer'), async () => ({ failedOffset: 'six' }))
  standIn.register(
    arn('slow'),
    () =>
      new Promise((resolve) => {
        releaseSlow = () => resolve({})
      }),
  )
  target = lambdaTargets({
    accountId: ACCOUNT,
    clients: lazyLambdaClients({ endpoint: standIn.url, credentials: localCredentials, maxAttempts: 1 }),
  })
})
afterAll(async () => {
  releaseSlow()
  await standIn.stop()
})

describe('the Lambda target', () => {
  it('invokes the function with the delivery event; no answer is a success with nothing to read', async () => {
    expect(await target(arn('records')).deliver(request)).toEqual({})
    expect(received).toEqual([event])
  })

  it('reads failedOffset from what the function returned, as from a webhook’s answer', async () => {
    expect(await target(arn('partial')).deliver(request)).toEqual({ failedOffset: 6 })
  })

  it('reads produce, for exactly-once', async () => {
    expect(await target(arn('pipeline')).deliver(request)).toEqual({
      produce: [{ topic: 'etas', records: [{ key: 'k', value: 'eta 5 min' }] }],
    })
  })

  it('a function error fails the delivery with its type and message, shortened, never the trace', async () => {
    const failure = await target(arn('throws'))
      .deliver(request)
      .catch((err: unknown) => err)
    expect(failure).toBeInstanceOf(DeliveryError)
    const message = (failure as DeliveryError).message
    expect(message).toMatch(/^function error \(Unhandled\): TypeError: cannot read rides: x+$/)
    expect(message.length).toBeLessThan(400)
    expect(message).not.toContain('at ')
  })

  it('a malformed answer fails the delivery, saying what was wrong', async () => {
    const failure = await target(arn('bad-answer'))
      .deliver(request)
      .catch((err: unknown) => err)
    expect(failure).toBeInstanceOf(DeliveryError)
    expect((failure as DeliveryError).message).toContain('failedOffset')
  })

  it('a function that does not exist fails the delivery with Lambda’s error', async () => {
    const failure = await target(arn('missing'))
      .deliver(request)
      .catch((err: unknown) => err)
    expect(failure).toBeInstanceOf(DeliveryError)
    expect((failure as DeliveryError).message).toMatch(
      /^invoke failed: ResourceNotFoundException: Function not found/,
    )
  })

  it('a function that does not answer within the timeout fails the delivery', async () => {
    const failure = await target(arn('slow'))
      .deliver({ ...request, timeoutMs: 100 })
      .catch((err: unknown) => err)
    expect(failure).toBeInstanceOf(DeliveryError)
    expect((failure as DeliveryError).message).toBe('timed out after 100 ms')
  })

  it('refuses a function of another account when the target is made', () => {
    const other = 'arn:aws:lambda:us-east-1:444455556666:function:records'
    expect(() => target(other)).toThrow(FunctionArnRefused)
    expect(() => target(other)).toThrow(
      "functionArn must name a function of this stack's account (111122223333), not of 444455556666",
    )
    expect(() => target('arn:aws:sqs:us-east-1:111122223333:queue')).toThrow(FunctionArnRefused)
  })

  it('accepts a qualified ARN (a version or an alias) of the stack’s account', async () => {
    expect(await target(`${arn('partial')}:live`).deliver(request)).toEqual({ failedOffset: 6 })
  })
})
