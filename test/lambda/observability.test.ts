import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { ALL_GRANTS } from '../../functions/auth/grants.js'
import { DEFAULT_TIMING } from '../../functions/engine/limits.js'
import { createHttpHandler } from '../../functions/lambda/http.js'
import { createService } from '../../functions/service.js'
import { sha256Hex } from '../../functions/sha256.js'
import { type AwsClients, createAwsClients } from '../../functions/storage/clients.js'
import type { StorageConfig } from '../../functions/storage/config.js'
import { KeyStore } from '../../functions/storage/key-store.js'
import { provisionStorage } from '../../functions/storage/provision.js'
import { interceptStorage } from '../engine/support/storage-faults.js'
import { functionUrlEvent, lambdaContext } from '../support/lambda-events.js'
import { captureOutput, jsonLines } from '../support/output-capture.js'
import { testStorage } from '../support/service.js'

// The HTTP functions' logs and metrics, read back from what they write to stdout and stderr (in Lambda,
// their CloudWatch log stream): requests go through the real entry point, app and stores.

let storage: StorageConfig
let clients: AwsClients
/** A key with every grant, stored as a real key is: the Lambda entry points always require one. */
const secret = `sluice_test_${crypto.randomUUID()}`
const auth = { authorization: `Bearer ${secret}` }
type EventOptions = NonNullable<Parameters<typeof functionUrlEvent>[2]>
const withKey = (options: EventOptions = {}): EventOptions => ({
  ...options,
  headers: { ...auth, ...options.headers },
})

beforeAll(async () => {
  storage = testStorage()
  clients = createAwsClients(storage)
  await provisionStorage(clients, storage)
  await new KeyStore(clients.doc, storage.table).create(
    { id: 'key_observed', name: 'observed', grants: [...ALL_GRANTS], createdAt: Date.now() },
    await sha256Hex(secret),
  )
  // The entry points read their storage from the environment, as in Lambda, which also says how the
  // environment was started (without it, no invocation counts as a cold start).
  vi.stubEnv('SLUICE_TABLE', storage.table)
  vi.stubEnv('SLUICE_BUCKET', storage.bucket)
  vi.stubEnv('SLUICE_DYNAMODB_ENDPOINT', storage.dynamoEndpoint)
  vi.stubEnv('SLUICE_S3_ENDPOINT', storage.s3Endpoint)
  vi.stubEnv('AWS_LAMBDA_INITIALIZATION_TYPE', 'on-demand')
})
afterAll(() => {
  vi.unstubAllEnvs()
  clients.dynamo.destroy()
  clients.s3.destroy()
})

type Handler = ReturnType<typeof createHttpHandler>

/** Runs requests through `handler`, answering their results and every line the function wrote. */
async function invoke(handler: Handler, ...events: ReturnType<typeof functionUrlEvent>[]) {
  return captureOutput(async () => {
    const results: { status: number | undefined; body: unknown }[] = []
    for (const event of events) {
      // aws-lambda's event type and Hono's describe the same JSON (they differ on an absent body's type).
      const result = (await handler(
        event as unknown as Parameters<Handler>[0],
        lambdaContext,
      )) as APIGatewayProxyStructuredResultV2
      results.push({ status: result.statusCode, body: JSON.parse(result.body ?? 'null') })
    }
    return results
  })
}

const requestLines = (lines: readonly string[]) => jsonLines(lines).filter((l) => l.message === 'request')

/** EMF lines: each holds metric values under their names, described in `_aws`. */
interface EmfLine extends Record<string, unknown> {
  _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[] }
}
const emfLines = (lines: readonly string[]) => jsonLines(lines).filter((l): l is EmfLine => '_aws' in l)

/** Every metric the lines carry, by name: its value(s), unit, dimensions and the line's other fields. */
function metricsOf(lines: readonly string[]) {
  return emfLines(lines).flatMap((line) =>
    line._aws.CloudWatchMetrics.flatMap(({ Namespace, Dimensions, Metrics }) =>
      Metrics.map((m) => ({
        namespace: Namespace,
        name: m.Name,
        unit: (m as { Unit?: string }).Unit,
        value: line[m.Name],
        dimensions: Object.fromEntries((Dimensions[0] ?? []).map((d) => [d, line[d]])),
        line,
      })),
    ),
  )
}

const createTopic = (name: string, partitions = 1) =>
  functionUrlEvent('POST', '/v1/topics', withKey({ body: { name, partitions } }))
const produce = (topic: string, records: { key?: string; value: string; partition?: number }[]) =>
  functionUrlEvent('POST', `/v1/topics/${topic}/records`, withKey({ body: { records } }))
const fetchFrom = (topic: string, partition: number, offset: number) =>
  functionUrlEvent(
    'GET',
    `/v1/topics/${topic}/partitions/${partition}/records`,
    withKey({ query: { offset: String(offset) } }),
  )

describe('the request log', () => {
  it('is one JSON line per request: route pattern, method, status, latency, topic, partition, request ids, cold start', async () => {
    const handler = createHttpHandler()
    const produced = produce('rides', [{ key: 'k', value: 'v' }])
    const fetched = fetchFrom('rides', 0, 0)
    const { result, lines } = await invoke(
      handler,
      createTopic('rides'),
      produced,
      fetched,
      functionUrlEvent('GET', '/health'),
    )
    expect(result.map((r) => r.status)).toEqual([201, 200, 200, 200])
    const logged = requestLines(lines)
    expect(logged).toEqual([
      expect.objectContaining({ method: 'POST', route: '/v1/topics', status: 201, cold_start: true }),
      expect.objectContaining({
        level: 'INFO',
        service: 'sluice',
        method: 'POST',
        route: '/v1/topics/:topic/records',
        topic: 'rides',
        status: 200,
        cold_start: false,
        function_name: lambdaContext.functionName,
        function_request_id: lambdaContext.awsRequestId,
        api_request_id: produced.requestContext.requestId,
      }),
      expect.objectContaining({
        route: '/v1/topics/:topic/partitions/:partition/records',
        topic: 'rides',
        partition: 0,
        status: 200,
        api_request_id: fetched.requestContext.requestId,
      }),
      expect.objectContaining({ method: 'GET', route: '/health', status: 200 }),
    ])
    for (const line of logged) {
      expect(line.latency_ms).toEqual(expect.any(Number))
      expect(line).not.toHaveProperty('error_code')
      expect(line).not.toHaveProperty('path')
    }
  })

  it('names the code of an error answer, and logs an unexpected error at ERROR with its stack and cause', async () => {
    const failing = { armed: false }
    // Failure injection: stands for a bug, an exception nothing expected, thrown while reading a topic.
    const handler = createHttpHandler({
      wrap: interceptStorage({
        before(call) {
          if (failing.armed && call === 'catalog.get') {
            throw new Error('the catalog broke', { cause: new Error('what broke it') })
          }
        },
      }),
    })
    const notFound = fetchFrom('nowhere', 0, 0)
    const unauthenticated = functionUrlEvent('GET', '/v1/topics')
    const { lines: answered } = await invoke(handler, notFound, unauthenticated)
    expect(requestLines(answered)).toEqual([
      expect.objectContaining({
        level: 'INFO',
        status: 404,
        error_code: 'TOPIC_NOT_FOUND',
        topic: 'nowhere',
      }),
      expect.objectContaining({
        level: 'INFO',
        status: 401,
        error_code: 'UNAUTHENTICATED',
        route: '/v1/topics',
      }),
    ])

    failing.armed = true
    const { result, lines } = await invoke(handler, fetchFrom('burning', 0, 0))
    failing.armed = false
    expect(result).toEqual([{ status: 500, body: { error: expect.objectContaining({ code: 'INTERNAL' }) } }])
    const [line, ...others] = requestLines(lines)
    expect(others).toEqual([])
    expect(line).toMatchObject({
      level: 'ERROR',
      status: 500,
      error_code: 'INTERNAL',
      topic: 'burning',
      error: {
        name: 'Error',
        message: 'the catalog broke',
        stack: expect.stringContaining('the catalog broke'),
        cause: expect.objectContaining({ message: 'what broke it' }),
      },
    })
    // Logged once, with its request: not a second time on its own.
    expect(lines.filter((l) => l.includes('the catalog broke'))).toHaveLength(1)
  })

  it('never holds an API key, a key secret it answered, or a record key or value', async () => {
    const handler = createHttpHandler()
    const recordKey = `key-${crypto.randomUUID()}`
    const recordValue = `value-${crypto.randomUUID()}`
    const { result, lines } = await invoke(
      handler,
      functionUrlEvent(
        'POST',
        '/v1/keys',
        withKey({
          body: { name: 'minted', grants: [{ resource: 'topic:*', actions: ['produce'] }] },
        }),
      ),
      createTopic('private'),
      produce('private', [{ key: recordKey, value: recordValue }]),
      fetchFrom('private', 0, 0),
      functionUrlEvent('GET', '/v1/topics', { headers: { authorization: 'Bearer sluice_wrong_secret' } }),
    )
    const minted = (result[0]?.body as { secret?: string } | undefined)?.secret
    expect(result[0]?.status).toBe(201)
    expect(minted).toEqual(expect.any(String))
    expect(JSON.stringify(result[3]?.body)).toContain(recordValue)
    expect(requestLines(lines)).toHaveLength(5)
    const output = lines.join('\n')
    for (const kept of [secret, minted as string, 'sluice_wrong_secret', recordKey, recordValue]) {
      expect(output).not.toContain(kept)
    }
    expect(output.toLowerCase()).not.toContain('authorization')
  })

  it('writes only what its level lets through: at WARN, an unexpected error and nothing else', async () => {
    vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'WARN')
    const failing = { armed: false }
    // Failure injection: stands for a bug, as above.
    const handler = createHttpHandler({
      wrap: interceptStorage({
        before(call) {
          if (failing.armed && call === 'catalog.get') throw new Error('broken again')
        },
      }),
    })
    vi.stubEnv('POWERTOOLS_LOG_LEVEL', undefined)
    const { lines: quiet } = await invoke(
      handler,
      functionUrlEvent('GET', '/health'),
      fetchFrom('nowhere', 0, 0),
    )
    expect(requestLines(quiet)).toEqual([])
    failing.armed = true
    const { lines } = await invoke(handler, fetchFrom('anywhere', 0, 0))
    expect(requestLines(lines)).toEqual([expect.objectContaining({ level: 'ERROR', status: 500 })])
  })
})

describe('the metrics (CloudWatch EMF)', () => {
  it('count records and bytes produced and fetched, in namespace Sluice with the service dimension', async () => {
    const handler = createHttpHandler()
    const records = [{ key: 'a', value: 'hello' }, { value: 'hi' }, { key: 'bb', value: '' }]
    // docs/api.md's record size: key + value (+ headers) bytes.
    const bytes = 1 + 5 + 2 + 2
    await invoke(handler, createTopic('counted'))
    const { lines: producedLines } = await invoke(handler, produce('counted', records))
    expect(metricsOf(producedLines)).toEqual([
      expect.objectContaining({ namespace: 'Sluice', name: 'RecordsProduced', unit: 'Count', value: 3 }),
      expect.objectContaining({ namespace: 'Sluice', name: 'BytesProduced', unit: 'Bytes', value: bytes }),
    ])
    for (const metric of metricsOf(producedLines)) {
      expect(metric.dimensions).toEqual({ service: 'sluice' })
      expect(metric.line.topics).toBe('counted')
    }

    const { lines: fetchedLines } = await invoke(handler, fetchFrom('counted', 0, 1))
    expect(metricsOf(fetchedLines)).toEqual([
      expect.objectContaining({ name: 'RecordsFetched', value: 2, dimensions: { service: 'sluice' } }),
      expect.objectContaining({ name: 'BytesFetched', value: 2 + 2 }),
    ])
  })

  it('write nothing for an invocation with nothing to count', async () => {
    const { lines } = await invoke(createHttpHandler(), functionUrlEvent('GET', '/health'))
    expect(emfLines(lines)).toEqual([])
    expect(lines.join('\n')).not.toMatch(/no application metrics/i)
  })

  it('count error answers by code', async () => {
    const handler = createHttpHandler()
    const { lines } = await invoke(
      handler,
      fetchFrom('absent', 0, 0),
      fetchFrom('absent', 0, 0),
      functionUrlEvent('GET', '/v1/topics'),
    )
    expect(metricsOf(lines)).toEqual([
      expect.objectContaining({
        name: 'Errors',
        value: 1,
        dimensions: { service: 'sluice', code: 'TOPIC_NOT_FOUND' },
      }),
      expect.objectContaining({
        name: 'Errors',
        value: 1,
        dimensions: { service: 'sluice', code: 'TOPIC_NOT_FOUND' },
      }),
      expect.objectContaining({
        name: 'Errors',
        value: 1,
        dimensions: { service: 'sluice', code: 'UNAUTHENTICATED' },
      }),
    ])
  })

  it('count a hedged segment PUT', async () => {
    // S3's tail latency, injected: the next PutObject waits for a gate the test opens (a PUT that stalls
    // for seconds, as S3's slowest do); the hedge beside it goes straight to s3rver.
    const stalled = createAwsClients(storage)
    let stallNext = false
    let openGate: () => void = () => undefined
    stalled.s3.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'PutObjectCommand' && stallNext) {
          stallNext = false
          await new Promise<void>((resolve) => {
            openGate = resolve
          })
        }
        return next(args)
      },
      { step: 'finalizeRequest', name: 'stallNextPut' },
    )
    const handler = createHttpHandler({
      clients: stalled,
      timing: { segmentPutHedgeMs: 20, segmentPutHedgeMinBytes: 1024 },
    })
    await invoke(handler, createTopic('hedged'))
    stallNext = true
    const large = Array.from({ length: 12 }, (_, i) => ({ value: `${i}:${'x'.repeat(1024)}` }))
    const { result, lines } = await invoke(handler, produce('hedged', large))
    openGate()
    expect(result[0]?.status).toBe(200)
    expect(metricsOf(lines)).toContainEqual(expect.objectContaining({ name: 'SegmentPutHedges', value: 1 }))
    stalled.dynamo.destroy()
    stalled.s3.destroy()
  })

  it('count a hole a reader filled once its writer was gone past the hole timeout', async () => {
    const clock = { now: Date.now() }
    const handler = createHttpHandler({ now: () => clock.now })
    await invoke(handler, createTopic('holes'), produce('holes', [{ value: 'first' }]))
    // A writer that reserved offset 1 and died before writing its entry.
    const writer = createService(storage, { clients, now: () => clock.now })
    const meta = await writer.catalog.get('holes')
    await writer.index.reserve({ topicId: meta?.topicId as string, partition: 0 }, 1, clock.now)
    clock.now += DEFAULT_TIMING.holeTimeoutMs + 1

    const { result, lines } = await invoke(handler, fetchFrom('holes', 0, 1))
    expect(result[0]).toMatchObject({ status: 200, body: { records: [], nextOffset: 2 } })
    expect(metricsOf(lines)).toEqual([
      expect.objectContaining({ name: 'HoleFills', unit: 'Count', value: 1 }),
    ])
  })

  it('give a group its consumer lag at a commit and at a describe, with the group as a dimension', async () => {
    const handler = createHttpHandler()
    await invoke(
      handler,
      createTopic('lagged', 2),
      produce(
        'lagged',
        ['a', 'b', 'c', 'd', 'e'].map((value) => ({ value, partition: 0 }) as never),
      ),
    )
    const commit = functionUrlEvent(
      'POST',
      '/v1/groups/billing/offsets',
      withKey({ body: { topic: 'lagged', offsets: [{ partition: 0, offset: 2 }] } }),
    )
    const { result, lines } = await invoke(handler, commit)
    expect(result[0]?.status).toBe(200)
    expect(metricsOf(lines)).toEqual([
      expect.objectContaining({
        name: 'ConsumerLag',
        unit: 'Count',
        value: 3,
        dimensions: { service: 'sluice', group: 'billing' },
      }),
    ])

    const { lines: described } = await invoke(
      handler,
      functionUrlEvent('GET', '/v1/groups/billing', withKey()),
    )
    // Partition 1 has no commit, so no lag.
    expect(metricsOf(described)).toEqual([
      expect.objectContaining({
        name: 'ConsumerLag',
        value: 3,
        dimensions: { service: 'sluice', group: 'billing' },
      }),
    ])
  })
})
