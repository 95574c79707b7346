import { GetCommand } from '@aws-sdk/lib-dynamodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { acquireLease } from '../../functions/groups/leases.js'
import { readOffsets } from '../../functions/groups/offsets.js'
import type { RunningService } from '../../functions/local/serve.js'
import { createDynamoClients } from '../../functions/storage/dynamo-clients.js'
import { subscriptionKey } from '../../functions/storage/table-schema.js'
import { alterSubscription } from '../../functions/subscriptions/alter.js'
import { createSubscription } from '../../functions/subscriptions/create.js'
import { deleteSubscription } from '../../functions/subscriptions/delete.js'
import { describeSubscription, listSubscriptions } from '../../functions/subscriptions/describe.js'
import { lambdaTargets } from '../../functions/subscriptions/targets/lambda.js'
import { createTopic, produce } from '../groups/support.js'
import type { api } from '../support/http.js'
import { testStorage } from '../support/service.js'
import { describedWithDefaults, idlePartition, startDrivenService, webhookSubscription } from './support.js'

let service: RunningService
let call: ReturnType<typeof api>
const storage = testStorage()

beforeAll(async () => {
  ;({ service, call } = await startDrivenService({ storage }))
  await createTopic(call, 'orders', 2)
  await createTopic(call, 'orders-dlq', 1)
  await produce(call, 'orders', 0, ['o0', 'o1', 'o2'])
})
afterAll(async () => {
  await service.stop()
})

const hookUrl = 'http://127.0.0.1:9/hook'
const create = (body: unknown) => createSubscription(service.deps, body)

describe('subscription config', () => {
  it('creates with the defaults, never answers the secret, and keeps it sealed in the table', async () => {
    const created = await create({
      name: 'cfg-a',
      topic: 'orders',
      target: { type: 'webhook', url: hookUrl, secret: 'whsec_top_secret' },
    })
    expect(created).toEqual(describedWithDefaults('cfg-a', 'orders', hookUrl))
    const { doc } = createDynamoClients(storage)
    const item = (await doc.send(new GetCommand({ TableName: storage.table, Key: subscriptionKey('cfg-a') })))
      .Item
    expect(JSON.stringify(item)).not.toContain('top_secret')
    expect(item?.target).toMatchObject({
      type: 'webhook',
      url: hookUrl,
      sealedSecret: expect.stringMatching(/^v1\./),
    })
    const described = await describeSubscription(service.deps, 'cfg-a')
    expect(JSON.stringify(described)).not.toContain('secret')
    doc.destroy()
  })

  it('resolves startAt when created: latest at the end, earliest at the start', async () => {
    await create(webhookSubscription('cfg-latest', 'orders', hookUrl))
    await create(webhookSubscription('cfg-earliest', 'orders', hookUrl, { startAt: 'earliest' }))
    const offsets = async (group: string) => (await readOffsets(service.deps, group, () => true)).offsets
    expect(await offsets('cfg-latest')).toEqual([
      { topic: 'orders', partition: 0, offset: 3 },
      { topic: 'orders', partition: 1, offset: 0 },
    ])
    expect((await offsets('cfg-earliest')).map((o) => o.offset)).toEqual([0, 0])
    const described = await describeSubscription(service.deps, 'cfg-earliest')
    expect(described.partitions).toEqual([idlePartition(0, 0, 3), idlePartition(1, 0)])
  })

  it('lists every subscription sorted by name', async () => {
    const names = (await listSubscriptions(service.deps)).subscriptions.map((s) => s.name)
    expect(names).toEqual([...names].sort())
    expect(names).toEqual(expect.arrayContaining(['cfg-a', 'cfg-earliest', 'cfg-latest']))
  })

  it.each([
    [{ name: 'x' }, 'body.topic is required'],
    [
      { ...webhookSubscription('x', 'orders', hookUrl), batch: { maxRecords: 0 } },
      'body.batch.maxRecords must be an integer from 1 to 10000; got 0',
    ],
    [
      { ...webhookSubscription('x', 'orders', hookUrl), batch: { maxBytes: 4194305 } },
      'body.batch.maxBytes must be an integer from 1 to 4194304; got 4194305',
    ],
    [
      { ...webhookSubscription('x', 'orders', hookUrl), retry: { maxAttempts: 0 } },
      'body.retry.maxAttempts must be -1 (forever) or an integer from 1 to 1000; got 0',
    ],
    [
      { ...webhookSubscription('x', 'orders', hookUrl), retry: { minBackoffMs: 500, maxBackoffMs: 100 } },
      'body.retry.minBackoffMs must be at most maxBackoffMs (100); got 500',
    ],
    [
      { ...webhookSubscription('x', 'orders', hookUrl), startAt: 'now' },
      'body.startAt must be "earliest", "latest" or {"timestamp": <ms>}; got "now"',
    ],
    [
      { ...webhookSubscription('x', 'orders', hookUrl), delivery: 'once' },
      'body.delivery must be one of "at-least-once", "exactly-once"; got "once"',
    ],
    [{ ...webhookSubscription('x', 'orders', hookUrl), colour: 'red' }, 'body has an unknown field "colour"'],
    [
      { name: 'x', topic: 'orders', target: { type: 'webhook', url: hookUrl } },
      'body.target.secret is required',
    ],
    [
      { name: 'x', topic: 'orders', target: { type: 'sqs' } },
      'body.target must be {"type": "webhook", "url", "secret"} or {"type": "lambda", "functionArn"}; got {"type":"sqs"}',
    ],
    [
      {
        name: 'x',
        topic: 'orders',
        target: { type: 'lambda', functionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:f' },
      },
      'body.target.type "lambda" needs a service with Lambda support; this one has none (the local server delivers to webhooks)',
    ],
    [
      { ...webhookSubscription('x', 'orders', hookUrl), deadLetterTopic: 'orders' },
      'body.deadLetterTopic must differ from the topic delivered; got "orders"',
    ],
    [
      { ...webhookSubscription('x', 'orders', 'http://10.0.0.1/') },
      'body.target.url must use https (or http on 127.0.0.1 or localhost); got "http://10.0.0.1/"',
    ],
  ])('refuses %j with 400: %s', async (body, message) => {
    await expect(create(body)).rejects.toMatchObject({ status: 400, code: 'INVALID_REQUEST', message })
    expect(await service.deps.subscriptions.get('x')).toBeUndefined()
  })

  it('answers 409 for a name taken, 404 for a topic or dead-letter topic that does not exist', async () => {
    await expect(create(webhookSubscription('cfg-a', 'orders', hookUrl))).rejects.toMatchObject({
      status: 409,
      code: 'SUBSCRIPTION_EXISTS',
    })
    await expect(create(webhookSubscription('cfg-b', 'nope', hookUrl))).rejects.toMatchObject({
      status: 404,
      code: 'TOPIC_NOT_FOUND',
    })
    await expect(
      create(webhookSubscription('cfg-b', 'orders', hookUrl, { deadLetterTopic: 'nope-dlq' })),
    ).rejects.toMatchObject({
      status: 404,
      code: 'TOPIC_NOT_FOUND',
      message: "topic 'nope-dlq' does not exist",
    })
  })

  it('refuses a group a live consumer holds leases of, or another subscription uses (400)', async () => {
    await acquireLease(service.deps, 'busy-group', 'orders', 1, 'consumer-1')
    await expect(
      create(webhookSubscription('cfg-busy', 'orders', hookUrl, { group: 'busy-group' })),
    ).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining(
        "body.group 'busy-group' has live members holding leases ('consumer-1' holds orders/1)",
      ),
    })
    await expect(
      create(webhookSubscription('cfg-twin', 'orders', hookUrl, { group: 'cfg-a' })),
    ).rejects.toMatchObject({
      status: 400,
      message: "body.group 'cfg-a' is the group of subscription 'cfg-a' already",
    })
  })

  it('alters only what is given, keeps the secret, removes the dead-letter topic with null', async () => {
    await create(webhookSubscription('cfg-alter', 'orders', hookUrl, { deadLetterTopic: 'orders-dlq' }))
    const sealed = async () => {
      const sub = await service.deps.subscriptions.get('cfg-alter')
      return sub?.target.type === 'webhook' ? sub.target.sealedSecret : undefined
    }
    const before = await sealed()
    const altered = await alterSubscription(service.deps, 'cfg-alter', {
      batch: { maxRecords: 7 },
      target: { type: 'webhook', url: 'http://localhost:9/other' },
      deadLetterTopic: null,
      paused: true,
    })
    expect(altered).toMatchObject({
      batch: { maxRecords: 7, maxBytes: 1048576, maxWaitMs: 0 },
      target: { type: 'webhook', url: 'http://localhost:9/other' },
      deadLetterTopic: null,
      paused: true,
      retry: { maxAttempts: 3, minBackoffMs: 5, maxBackoffMs: 20 },
    })
    expect(await sealed()).toBe(before)
    await expect(
      alterSubscription(service.deps, 'cfg-alter', { batch: { maxWaitMs: -1 } }),
    ).rejects.toMatchObject({
      status: 400,
      message: 'body.batch.maxWaitMs must be an integer from 0 to 300000; got -1',
    })
    await expect(alterSubscription(service.deps, 'cfg-missing', { paused: true })).rejects.toMatchObject({
      status: 404,
      code: 'SUBSCRIPTION_NOT_FOUND',
      message: "subscription 'cfg-missing' does not exist",
    })
  })

  it('deletes: 404 afterwards, the group and its offsets stay', async () => {
    await create(webhookSubscription('cfg-gone', 'orders', hookUrl))
    await deleteSubscription(service.deps, 'cfg-gone')
    await expect(describeSubscription(service.deps, 'cfg-gone')).rejects.toMatchObject({ status: 404 })
    await expect(deleteSubscription(service.deps, 'cfg-gone')).rejects.toMatchObject({
      code: 'SUBSCRIPTION_NOT_FOUND',
    })
    expect((await readOffsets(service.deps, 'cfg-gone', () => true)).offsets).toHaveLength(2)
  })
})

describe('a service with Lambda targets', () => {
  // The deployed stack's factory, for its own account (the clients are never reached: nothing delivers).
  const withLambda = () => ({
    ...service.deps,
    lambdaTarget: lambdaTargets({
      accountId: '111111111111',
      clients: () => Promise.reject(new Error('unused')),
    }),
  })
  const lambdaSubscription = (name: string, functionArn: string) => ({
    name,
    topic: 'orders',
    target: { type: 'lambda', functionArn },
  })

  it("refuses a function of another account with 400 when it is set, and accepts its own account's", async () => {
    const foreign = 'arn:aws:lambda:eu-west-1:222222222222:function:f'
    await expect(
      createSubscription(withLambda(), lambdaSubscription('lam-x', foreign)),
    ).rejects.toMatchObject({
      status: 400,
      message: `body.target.functionArn must name a function of this stack's account (111111111111), not of 222222222222; got "${foreign}"`,
    })
    await expect(
      createSubscription(withLambda(), lambdaSubscription('lam-x', 'not-an-arn')),
    ).rejects.toMatchObject({
      status: 400,
      message: 'body.target.functionArn must be the ARN of a Lambda function; got "not-an-arn"',
    })
    const own = 'arn:aws:lambda:eu-west-1:111111111111:function:f'
    await expect(createSubscription(withLambda(), lambdaSubscription('lam-own', own))).resolves.toMatchObject(
      {
        target: { type: 'lambda', functionArn: own },
      },
    )
  })
})
