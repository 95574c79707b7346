import { ListObjectsV2Command } from '@aws-sdk/client-s3'
import type { APIGatewayProxyResultV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { segmentKeyPrefix } from '../../functions/engine/segment-keys.js'
import { createAwsClients } from '../../functions/storage/clients.js'
import type { StorageConfig } from '../../functions/storage/config.js'
import { provisionStorage } from '../../functions/storage/provision.js'
import { functionUrlEvent, lambdaContext, QUIET_FUNCTION_ENV } from '../support/lambda-events.js'
import { type SecretsManagerStandIn, startSecretsManager } from '../support/secrets-manager.js'
import { testStorage } from '../support/service.js'

// The entry points as deployed: the root key in Secrets Manager (here its stand-in), nothing else.
type Handler = (event: unknown, context: unknown) => Promise<APIGatewayProxyResultV2>
const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:SluiceRootKey-abc123-XyZ789'
const ROOT = crypto.randomUUID().replaceAll('-', '')
const RETENTION_MS = 3 * 86_400_000
let secretsManager: SecretsManagerStandIn
let storage: StorageConfig
let produce: Handler
let fetchFn: Handler
let admin: Handler
const savedEnv = { ...process.env }

const call = async (
  handler: Handler,
  method: string,
  path: string,
  key: string,
  options: Parameters<typeof functionUrlEvent>[2] = {},
) => {
  const event = functionUrlEvent(method, path, {
    ...options,
    headers: { authorization: `Bearer ${key}`, ...options.headers },
  })
  const result = (await handler(event, lambdaContext)) as APIGatewayProxyStructuredResultV2
  return { status: result.statusCode, body: JSON.parse(result.body || 'null') }
}

beforeAll(async () => {
  secretsManager = await startSecretsManager()
  secretsManager.secrets.set(SECRET_ARN, ROOT)
  storage = testStorage()
  await provisionStorage(createAwsClients(storage), storage)
  Object.assign(process.env, {
    ...QUIET_FUNCTION_ENV,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_ENDPOINT_URL_SECRETS_MANAGER: secretsManager.endpoint,
    SLUICE_ROOT_KEY_SECRET_ARN: SECRET_ARN,
    SLUICE_TABLE: storage.table,
    SLUICE_BUCKET: storage.bucket,
    SLUICE_DYNAMODB_ENDPOINT: storage.dynamoEndpoint,
    SLUICE_S3_ENDPOINT: storage.s3Endpoint,
  })
  produce = (await import('../../functions/lambda/produce.js')).handler as Handler
  fetchFn = (await import('../../functions/lambda/fetch.js')).handler as Handler
  admin = (await import('../../functions/lambda/admin.js')).handler as Handler
})
afterAll(async () => {
  process.env = savedEnv
  await secretsManager.stop()
})

describe('a deployed stack’s root key', () => {
  it('mints a scoped key that produces and fetches a segment-sized batch, and may do nothing else', async () => {
    expect(
      await call(admin, 'POST', '/v1/topics', ROOT, { body: { name: 'rides', retentionMs: RETENTION_MS } }),
    ).toMatchObject({ status: 201 })
    const minted = await call(admin, 'POST', '/v1/keys', ROOT, {
      body: { name: 'rides-app', grants: [{ resource: 'topic:rides', actions: ['produce', 'consume'] }] },
    })
    expect(minted.status).toBe(201)
    const scoped = minted.body.secret as string

    // Over the 8 KiB inline limit: the batch goes to S3 through the lazily loaded S3 client.
    const values = Array.from({ length: 12 }, (_, i) => `${i}:${'v'.repeat(1024)}`)
    const produced = await call(produce, 'POST', '/v1/topics/rides/records', scoped, {
      body: { records: values.map((value) => ({ value, partition: 0 })) },
    })
    expect(produced.status).toBe(200)
    const fetched = await call(fetchFn, 'GET', '/v1/topics/rides/partitions/0/records', scoped, {
      query: { offset: '0' },
    })
    expect(fetched.body.records.map((r: { value: string }) => r.value)).toEqual(values)

    // The segment sits under its retention class, where the bucket's lifecycle backstop finds it.
    const { s3 } = createAwsClients(storage)
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: storage.bucket }))
    const segmentKeys = (listed.Contents ?? []).map((o) => o.Key)
    expect(segmentKeys).toHaveLength(1)
    expect(segmentKeys[0]?.startsWith(segmentKeyPrefix(RETENTION_MS))).toBe(true)
    expect(segmentKeyPrefix(RETENTION_MS)).toBe('segments/d3/')

    expect(await call(admin, 'POST', '/v1/topics', scoped, { body: { name: 'other' } })).toMatchObject({
      status: 403,
      body: { error: { code: 'FORBIDDEN' } },
    })
    expect(await call(admin, 'GET', '/v1/keys', scoped)).toMatchObject({ status: 403 })
  })

  it('a wrong key is refused, and the root key is never echoed', async () => {
    expect(await call(admin, 'GET', '/v1/topics', `${ROOT}x`)).toMatchObject({ status: 401 })
    const listed = await call(admin, 'GET', '/v1/keys', ROOT)
    expect(listed.status).toBe(200)
    expect(JSON.stringify(listed.body)).not.toContain(ROOT)
  })
})
