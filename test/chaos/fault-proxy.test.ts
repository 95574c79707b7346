import { createHash } from 'node:crypto'
import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  ProvisionedThroughputExceededException,
  ThrottlingException,
} from '@aws-sdk/client-dynamodb'
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { type FaultProxyOptions, startFaultProxy } from '../../chaos/cluster/fault-proxy.js'
import type { FaultProxy } from '../../chaos/cluster/types.js'
import { type AwsClients, createAwsClients } from '../../functions/storage/clients.js'
import { localCredentials } from '../../functions/storage/dynamo-clients.js'
import { provisionStorage } from '../../functions/storage/provision.js'
import { s3ClientConfig } from '../../functions/storage/s3-client.js'
import { testStorage } from '../support/service.js'

/**
 * The fault proxy between real SDK clients and the stand-ins. Each fault stands for one in AWS:
 * stall for a socket that hangs (a slow network, or the SDK backing off under throttling), throttle
 * for DynamoDB's and S3's own throttling answers, ambiguous for a connection lost after the store
 * applied the request and before its answer arrived.
 */
const storage = testStorage()
/** Straight to the stand-ins: what the store really holds. */
let direct: AwsClients
const closing: Array<{ close(): unknown }> = []

beforeAll(async () => {
  direct = createAwsClients(storage)
  await provisionStorage(direct, storage)
})
afterAll(async () => {
  await Promise.all(closing.splice(0).map((c) => c.close()))
  direct.dynamo.destroy()
  direct.s3.destroy()
})

async function proxy(store: FaultProxyOptions['store'], options: Partial<FaultProxyOptions> = {}) {
  const target = store === 'dynamodb' ? storage.dynamoEndpoint : storage.s3Endpoint
  const started = await startFaultProxy({ target: target as string, store, ...options })
  closing.push(started)
  return started
}

function dynamoThrough(via: FaultProxy | { url: string }, maxAttempts?: number) {
  const client = new DynamoDBClient({
    region: storage.region,
    endpoint: via.url,
    credentials: localCredentials,
    ...(maxAttempts ? { maxAttempts } : {}),
  })
  closing.push({ close: () => client.destroy() })
  return DynamoDBDocumentClient.from(client)
}

function s3Through(via: FaultProxy | { url: string }, maxAttempts?: number) {
  const client = new S3Client({
    ...s3ClientConfig({ ...storage, s3Endpoint: via.url }),
    ...(maxAttempts ? { maxAttempts } : {}),
  })
  closing.push({ close: () => client.destroy() })
  return client
}

const stored = async (pk: string) =>
  (await direct.doc.send(new GetCommand({ TableName: storage.table, Key: { pk, sk: 'x' } }))).Item

const put = (pk: string) => new PutCommand({ TableName: storage.table, Item: { pk, sk: 'x', v: pk } })

async function objectThrough(client: S3Client, key: string): Promise<Uint8Array> {
  const got = await client.send(new GetObjectCommand({ Bucket: storage.bucket, Key: key }))
  return (await got.Body?.transformToByteArray()) ?? new Uint8Array()
}

/** Compares MBs at once (a deep equality of typed arrays goes element by element, for seconds). */
const digest = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

/** A promise's state, to show it is still pending while a fault holds it. */
function track<T>(promise: Promise<T>) {
  const state = { settled: false }
  promise.then(
    () => {
      state.settled = true
    },
    () => {
      state.settled = true
    },
  )
  return state
}

describe('the fault proxy, passing requests through', () => {
  it('carries DynamoDB calls and multi-MB S3 bodies both ways', async () => {
    const dynamo = await proxy('dynamodb')
    const s3 = await proxy('s3')
    const doc = dynamoThrough(dynamo)
    const client = s3Through(s3)
    await doc.send(put('passed'))
    expect(
      (await doc.send(new GetCommand({ TableName: storage.table, Key: { pk: 'passed', sk: 'x' } }))).Item,
    ).toEqual({ pk: 'passed', sk: 'x', v: 'passed' })
    const body = new Uint8Array(3 * 1024 * 1024).map((_, i) => (i * 7) % 256)
    await client.send(new PutObjectCommand({ Bucket: storage.bucket, Key: 'big', Body: body }))
    expect(digest(await objectThrough(client, 'big'))).toBe(digest(body))
    expect(dynamo.counts).toEqual({ passed: 2, stalled: 0, throttled: 0, ambiguous: 0 })
    expect(s3.counts).toEqual({ passed: 2, stalled: 0, throttled: 0, ambiguous: 0 })
  })
})

describe('stall', () => {
  it('holds a new request until release, then lets it reach the store', async () => {
    const dynamo = await proxy('dynamodb')
    const doc = dynamoThrough(dynamo)
    dynamo.stall()
    const write = doc.send(put('stalled-new'))
    const state = track(write)
    await vi.waitFor(() => expect(dynamo.counts.stalled).toBe(1))
    // The store answers others meanwhile, and has not seen the held write.
    expect(await stored('stalled-new')).toBeUndefined()
    expect(state.settled).toBe(false)
    dynamo.release()
    await write
    expect(await stored('stalled-new')).toBeDefined()
  })

  it('holds the answer of a request already in flight when it begins', async () => {
    // Two proxies in a row: the inner one holds the request at the store's door, so the outer one
    // has certainly forwarded it when the outer stall begins.
    const inner = await proxy('dynamodb')
    const outer = await startFaultProxy({ target: inner.url, store: 'dynamodb' })
    closing.push(outer)
    const doc = dynamoThrough(outer)
    inner.stall()
    const write = doc.send(put('stalled-in-flight'))
    const state = track(write)
    await vi.waitFor(() => expect(inner.counts.stalled).toBe(1))
    outer.stall()
    inner.release()
    // Applied by the store, answered, and the answer held by the outer proxy.
    await vi.waitFor(() => expect(outer.counts.stalled).toBe(1))
    expect(await stored('stalled-in-flight')).toBeDefined()
    expect(state.settled).toBe(false)
    outer.release()
    await write
    expect(outer.counts.passed).toBe(1)
  })

  it('with a duration, lets requests go on by itself', async () => {
    const s3 = await proxy('s3')
    const client = s3Through(s3)
    s3.stall(50)
    await client.send(new PutObjectCommand({ Bucket: storage.bucket, Key: 'stalled-timed', Body: 'x' }))
    expect(s3.counts).toMatchObject({ stalled: 1, passed: 1 })
  })
})

describe('throttle', () => {
  it("answers with DynamoDB's ProvisionedThroughputExceededException, never reaching the store", async () => {
    const dynamo = await proxy('dynamodb')
    dynamo.throttle(1)
    const error = await dynamoThrough(dynamo, 1)
      .send(put('throttled'))
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ProvisionedThroughputExceededException)
    expect((error as ProvisionedThroughputExceededException).$metadata.httpStatusCode).toBe(400)
    expect(await stored('throttled')).toBeUndefined()
    expect(dynamo.counts.throttled).toBe(1)
  })

  it("answers with DynamoDB's ThrottlingException when asked to", async () => {
    const dynamo = await proxy('dynamodb', { dynamoThrottle: 'ThrottlingException' })
    dynamo.throttle(1)
    const error = await dynamoThrough(dynamo, 1)
      .send(put('throttled-2'))
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ThrottlingException)
  })

  it('is retried by the SDK as throttling: it passes once the count runs out within its attempts', async () => {
    const dynamo = await proxy('dynamodb')
    dynamo.throttle(2)
    // The SDK's default: three attempts.
    const answer = await dynamoThrough(dynamo).send(put('throttled-then-passed'))
    expect(answer.$metadata.attempts).toBe(3)
    expect(await stored('throttled-then-passed')).toBeDefined()
    expect(dynamo.counts).toMatchObject({ throttled: 2, passed: 1 })
  })

  it("answers with S3's 503 SlowDown, which the SDK gives up on after its attempts", async () => {
    const s3 = await proxy('s3')
    s3.throttle(3)
    const error = await s3Through(s3, 3)
      .send(new PutObjectCommand({ Bucket: storage.bucket, Key: 'throttled', Body: 'x' }))
      .catch((e: unknown) => e)
    expect(error).toMatchObject({ name: 'SlowDown', $metadata: { httpStatusCode: 503, attempts: 3 } })
    await expect(
      direct.s3.send(new HeadObjectCommand({ Bucket: storage.bucket, Key: 'throttled' })),
    ).rejects.toMatchObject({ name: 'NotFound' })
    expect(s3.counts.throttled).toBe(3)
  })
})

describe('ambiguous', () => {
  it('lets DynamoDB apply a write and loses its answer', async () => {
    const dynamo = await proxy('dynamodb')
    dynamo.ambiguous(1)
    await expect(dynamoThrough(dynamo, 1).send(put('ambiguous'))).rejects.toMatchObject({
      code: 'ECONNRESET',
    })
    expect(await stored('ambiguous')).toEqual({ pk: 'ambiguous', sk: 'x', v: 'ambiguous' })
    expect(dynamo.counts.ambiguous).toBe(1)
  })

  it("makes the SDK's own retry of an applied conditional write fail its condition", async () => {
    const dynamo = await proxy('dynamodb')
    dynamo.ambiguous(1)
    const create = new PutCommand({
      TableName: storage.table,
      Item: { pk: 'ambiguous-once', sk: 'x' },
      ConditionExpression: 'attribute_not_exists(pk)',
    })
    await expect(dynamoThrough(dynamo).send(create)).rejects.toBeInstanceOf(ConditionalCheckFailedException)
    expect(await stored('ambiguous-once')).toBeDefined()
  })

  it('lets S3 store an object and loses its answer', async () => {
    const s3 = await proxy('s3')
    s3.ambiguous(1)
    const body = new Uint8Array(1024 * 1024).fill(3)
    await expect(
      s3Through(s3, 1).send(new PutObjectCommand({ Bucket: storage.bucket, Key: 'ambiguous', Body: body })),
    ).rejects.toThrow()
    expect(digest(await objectThrough(direct.s3, 'ambiguous'))).toBe(digest(body))
  })
})
