import type { APIGatewayProxyResultV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda'
import { beforeAll, describe, expect, it } from 'vitest'
import { ALL_GRANTS } from '../../functions/auth/grants.js'
import { sha256Hex } from '../../functions/sha256.js'
import { createAwsClients } from '../../functions/storage/clients.js'
import { KeyStore } from '../../functions/storage/key-store.js'
import { provisionStorage } from '../../functions/storage/provision.js'
import { functionUrlEvent, lambdaContext, QUIET_FUNCTION_ENV } from '../support/lambda-events.js'
import { testStorage } from '../support/service.js'

type Handler = (event: unknown, context: unknown) => Promise<APIGatewayProxyResultV2>
let produce: Handler
let fetchFn: Handler
let admin: Handler
/** A key with every grant, stored as a real key is: the Lambda entry points always require one. */
const secret = `sluice_test_${crypto.randomUUID()}`
const auth = { authorization: `Bearer ${secret}` }
const withKey = (options: Parameters<typeof functionUrlEvent>[2] = {}) => ({
  ...options,
  headers: { ...auth, ...options.headers },
})

const json = (result: APIGatewayProxyResultV2) => {
  const structured = result as APIGatewayProxyStructuredResultV2
  return { status: structured.statusCode, body: JSON.parse(structured.body ?? 'null') }
}

beforeAll(async () => {
  const storage = testStorage()
  const clients = createAwsClients(storage)
  await provisionStorage(clients, storage)
  await new KeyStore(clients.doc, storage.table).create(
    { id: 'key_test', name: 'test', grants: [...ALL_GRANTS], createdAt: Date.now() },
    await sha256Hex(secret),
  )
  // The entry points read their storage from the environment, as in Lambda.
  process.env.SLUICE_TABLE = storage.table
  process.env.SLUICE_BUCKET = storage.bucket
  process.env.SLUICE_DYNAMODB_ENDPOINT = storage.dynamoEndpoint
  process.env.SLUICE_S3_ENDPOINT = storage.s3Endpoint
  Object.assign(process.env, QUIET_FUNCTION_ENV)
  produce = (await import('../../functions/lambda/produce.js')).handler as Handler
  fetchFn = (await import('../../functions/lambda/fetch.js')).handler as Handler
  admin = (await import('../../functions/lambda/admin.js')).handler as Handler
})

describe('Lambda entry points with Function URL events', () => {
  it('creates a topic, produces and fetches through the three functions', async () => {
    const created = json(
      await admin(
        functionUrlEvent('POST', '/v1/topics', withKey({ body: { name: 'rides', partitions: 2 } })),
        lambdaContext,
      ),
    )
    expect(created).toMatchObject({ status: 201, body: { name: 'rides', partitions: 2 } })

    const produced = json(
      await produce(
        functionUrlEvent(
          'POST',
          '/v1/topics/rides/records',
          withKey({ body: { records: [{ key: 'rider-42', value: 'at the gate' }] } }),
        ),
        lambdaContext,
      ),
    )
    expect(produced.status).toBe(200)
    const [{ partition, offset }] = produced.body.records

    const fetched = json(
      await fetchFn(
        functionUrlEvent(
          'GET',
          `/v1/topics/rides/partitions/${partition}/records`,
          withKey({ query: { offset: String(offset) } }),
        ),
        lambdaContext,
      ),
    )
    expect(fetched.status).toBe(200)
    expect(fetched.body.records).toEqual([
      expect.objectContaining({ offset, key: 'rider-42', value: 'at the gate' }),
    ])
  })

  it('answers typed errors for bad input and unknown routes', async () => {
    const bad = json(
      await produce(
        functionUrlEvent('POST', '/v1/topics/rides/records', withKey({ body: { records: [] } })),
        lambdaContext,
      ),
    )
    expect(bad).toMatchObject({ status: 400, body: { error: { code: 'INVALID_REQUEST', retriable: false } } })
    const missing = json(
      await fetchFn(
        functionUrlEvent('GET', '/v1/topics/nope/partitions/0/records', withKey()),
        lambdaContext,
      ),
    )
    expect(missing).toMatchObject({ status: 404, body: { error: { code: 'TOPIC_NOT_FOUND' } } })
    const health = json(await admin(functionUrlEvent('GET', '/health'), lambdaContext))
    expect(health).toEqual({ status: 200, body: { status: 'ok' } })
  })

  it('refuses requests without a key or with an unknown one', async () => {
    const none = json(
      await produce(
        functionUrlEvent('POST', '/v1/topics/rides/records', { body: { records: [{ value: 'x' }] } }),
        lambdaContext,
      ),
    )
    expect(none).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHENTICATED' } } })
    const wrong = json(
      await fetchFn(
        functionUrlEvent('GET', '/v1/topics/rides/partitions/0/records', {
          headers: { authorization: 'Bearer sluice_nope' },
        }),
        lambdaContext,
      ),
    )
    expect(wrong).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHENTICATED' } } })
  })

  it('answers a malformed event with a typed error, not a crash', async () => {
    const event = functionUrlEvent('POST', '/v1/topics', withKey())
    event.body = '{"name": "half'
    const result = json(await admin(event, lambdaContext))
    expect(result).toMatchObject({ status: 400, body: { error: { code: 'INVALID_REQUEST' } } })
  })
})
