import type { APIGatewayProxyResultV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda'
import { beforeAll, describe, expect, it } from 'vitest'
import { createAwsClients } from '../../functions/storage/clients.js'
import { provisionStorage } from '../../functions/storage/provision.js'
import { functionUrlEvent, lambdaContext } from '../support/lambda-events.js'
import { testStorage } from '../support/service.js'

type Handler = (event: unknown, context: unknown) => Promise<APIGatewayProxyResultV2>
let produce: Handler
let fetchFn: Handler
let admin: Handler

const json = (result: APIGatewayProxyResultV2) => {
  const structured = result as APIGatewayProxyStructuredResultV2
  return { status: structured.statusCode, body: JSON.parse(structured.body ?? 'null') }
}

beforeAll(async () => {
  const storage = testStorage()
  await provisionStorage(createAwsClients(storage), storage)
  // The entry points read their storage from the environment, as in Lambda.
  process.env.SLUICE_TABLE = storage.table
  process.env.SLUICE_BUCKET = storage.bucket
  process.env.SLUICE_DYNAMODB_ENDPOINT = storage.dynamoEndpoint
  process.env.SLUICE_S3_ENDPOINT = storage.s3Endpoint
  produce = (await import('../../functions/lambda/produce.js')).handler as Handler
  fetchFn = (await import('../../functions/lambda/fetch.js')).handler as Handler
  admin = (await import('../../functions/lambda/admin.js')).handler as Handler
})

describe('Lambda entry points with Function URL events', () => {
  it('creates a topic, produces and fetches through the three functions', async () => {
    const created = json(
      await admin(
        functionUrlEvent('POST', '/v1/topics', { body: { name: 'rides', partitions: 2 } }),
        lambdaContext,
      ),
    )
    expect(created).toMatchObject({ status: 201, body: { name: 'rides', partitions: 2 } })

    const produced = json(
      await produce(
        functionUrlEvent('POST', '/v1/topics/rides/records', {
          body: { records: [{ key: 'rider-42', value: 'at the gate' }] },
        }),
        lambdaContext,
      ),
    )
    expect(produced.status).toBe(200)
    const [{ partition, offset }] = produced.body.records

    const fetched = json(
      await fetchFn(
        functionUrlEvent('GET', `/v1/topics/rides/partitions/${partition}/records`, {
          query: { offset: String(offset) },
        }),
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
        functionUrlEvent('POST', '/v1/topics/rides/records', { body: { records: [] } }),
        lambdaContext,
      ),
    )
    expect(bad).toMatchObject({ status: 400, body: { error: { code: 'INVALID_REQUEST', retriable: false } } })
    const missing = json(
      await fetchFn(functionUrlEvent('GET', '/v1/topics/nope/partitions/0/records'), lambdaContext),
    )
    expect(missing).toMatchObject({ status: 404, body: { error: { code: 'TOPIC_NOT_FOUND' } } })
    const health = json(await admin(functionUrlEvent('GET', '/health'), lambdaContext))
    expect(health).toEqual({ status: 200, body: { status: 'ok' } })
  })
})
