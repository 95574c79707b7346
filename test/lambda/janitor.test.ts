import { DynamoDBStreamsClient, type _Record as StreamRecord } from '@aws-sdk/client-dynamodb-streams'
import { HeadObjectCommand } from '@aws-sdk/client-s3'
import type { DynamoDBStreamEvent } from 'aws-lambda'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { appendRecords } from '../../functions/engine/append.js'
import type { AppendRecord } from '../../functions/engine/append-types.js'
import type { EngineDeps } from '../../functions/engine/deps.js'
import { createTopic, deleteTopic } from '../../functions/engine/topics.js'
import { createService } from '../../functions/service.js'
import { type AwsClients, createAwsClients } from '../../functions/storage/clients.js'
import type { StorageConfig } from '../../functions/storage/config.js'
import { provisionStorage } from '../../functions/storage/provision.js'
import { lambdaContext } from '../support/lambda-events.js'
import { captureOutput, jsonLines } from '../support/output-capture.js'
import { isolatedStorage } from '../support/service.js'
import { lambdaStreamEvent, readTableStream } from '../support/table-stream.js'

// The janitor Lambda fed what its event source mapping would hand it: records read from the table's
// stream on DynamoDB Local, after TTL expired entries and a topic was deleted. Nothing else deletes
// segments here (no local server, so no local stream janitor).
type JanitorHandler = typeof import('../../functions/lambda/janitor.js')['handler']
let storage: StorageConfig
let clients: AwsClients
let deps: EngineDeps
let streams: DynamoDBStreamsClient
let janitor: JanitorHandler
/** The janitor Lambda whose segment deletes S3 refuses. */
let refusedJanitor: JanitorHandler
const savedEnv = { ...process.env }

let isolated: Awaited<ReturnType<typeof isolatedStorage>>

beforeAll(async () => {
  isolated = await isolatedStorage()
  storage = isolated.storage
  clients = createAwsClients(storage)
  await provisionStorage(clients, storage)
  deps = createService(storage, { clients })
  streams = new DynamoDBStreamsClient({
    region: storage.region,
    endpoint: storage.dynamoEndpoint,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  })
  Object.assign(process.env, {
    SLUICE_TABLE: storage.table,
    SLUICE_BUCKET: storage.bucket,
    SLUICE_DYNAMODB_ENDPOINT: storage.dynamoEndpoint,
    SLUICE_S3_ENDPOINT: storage.s3Endpoint,
  })
  janitor = (await import('../../functions/lambda/janitor.js')).handler
  // Failure injection: another instance of the function, configured with a bucket S3 does not have.
  // s3rver refuses its deletes (NoSuchBucket) as S3 refuses them in AWS when a bucket policy or the
  // role denies s3:DeleteObject (AccessDenied): a delete that fails on every key.
  vi.resetModules()
  process.env.SLUICE_BUCKET = `${storage.bucket}-missing`
  refusedJanitor = (await import('../../functions/lambda/janitor.js')).handler
  process.env.SLUICE_BUCKET = storage.bucket
}, 120_000)
afterAll(async () => {
  process.env = savedEnv
  streams.destroy()
  await isolated.stop()
})

/** A batch over the inline limit, so it lands in an S3 segment. */
const largeBatch = (label: string): AppendRecord[] =>
  Array.from({ length: 12 }, (_, i) => ({
    key: null,
    value: new TextEncoder().encode(`${label}-${i}:${'x'.repeat(1024)}`),
    headers: {},
    partition: 0,
  }))

async function segmentsOf(topic: string): Promise<string[]> {
  const meta = await deps.catalog.get(topic)
  if (!meta) throw new Error(`no topic ${topic}`)
  const entries = await deps.index.entriesFrom({ topicId: meta.topicId, partition: 0 }, 0, 100)
  return [...new Set(entries.flatMap((e) => (e.segment ? [e.segment.key] : [])))]
}

async function segmentExists(key: string): Promise<boolean> {
  try {
    await clients.s3.send(new HeadObjectCommand({ Bucket: storage.bucket, Key: key }))
    return true
  } catch (err) {
    if ((err as Error).name === 'NotFound') return false
    throw err
  }
}

/** Every record the table's stream holds, oldest first. */
const readStream = () => readTableStream(clients.dynamo, streams, storage.table)

const isRemovalOf = (segments: readonly string[]) => (r: StreamRecord) =>
  r.dynamodb?.NewImage === undefined && segments.includes(String(r.dynamodb?.OldImage?.seg?.S))

/** Polls the stream until it holds a removal of an entry pointing into each segment (TTL runs on its own). */
async function streamWithRemovalsOf(segments: readonly string[], ms = 120_000) {
  const deadline = Date.now() + ms
  for (;;) {
    const read = await readStream()
    const removed = new Set(
      read.records.filter(isRemovalOf(segments)).map((r) => r.dynamodb?.OldImage?.seg?.S),
    )
    if (segments.every((s) => removed.has(s)) || Date.now() > deadline) return read
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
}

describe('the janitor Lambda on real stream records', () => {
  let expiredSegments: string[]
  let liveSegments: string[]
  let event: DynamoDBStreamEvent
  /** Index of the first record S3's refusal left to do. */
  let firstFailed: number

  const sequenceNumbers = (records: DynamoDBStreamEvent['Records']) =>
    records.map((r) => r.dynamodb?.SequenceNumber)

  it('reports the first record whose segment S3 refused to delete, and every record after it', {
    timeout: 180_000,
  }, async () => {
    await createTopic(deps, { name: 'short', retentionMs: 1000 })
    await createTopic(deps, { name: 'kept', retentionMs: 86_400_000 })
    // An inline batch first: its removal names no segment, so nothing of it fails.
    await appendRecords(deps, 'short', [{ key: null, value: new Uint8Array([1]), headers: {}, partition: 0 }])
    await appendRecords(deps, 'short', largeBatch('short'))
    await appendRecords(deps, 'kept', largeBatch('kept'))
    expiredSegments = await segmentsOf('short')
    liveSegments = await segmentsOf('kept')
    expect(expiredSegments).toHaveLength(1)
    expect(liveSegments).toHaveLength(1)

    const { streamArn, records } = await streamWithRemovalsOf(expiredSegments)
    expect(records.filter(isRemovalOf(expiredSegments))).not.toEqual([])
    // The entries are gone from the table, but nothing has deleted their segment yet.
    expect(await segmentExists(expiredSegments[0] as string)).toBe(true)
    event = lambdaStreamEvent(streamArn, records)
    firstFailed = records.findIndex(isRemovalOf(expiredSegments))
    expect(firstFailed).toBeGreaterThan(0)

    const { result, lines } = await captureOutput(() => refusedJanitor(event, lambdaContext))
    expect(sequenceNumbers(event.Records.slice(firstFailed))).toEqual(
      result.batchItemFailures.map((f) => f.itemIdentifier),
    )
    expect(await segmentExists(expiredSegments[0] as string)).toBe(true)
    expect(jsonLines(lines)).toEqual([
      expect.objectContaining({
        level: 'ERROR',
        message: 'stream batch',
        records: records.length,
        failed_records: records.length - firstFailed,
        error: expect.objectContaining({ name: 'NoSuchBucket' }),
      }),
    ])
  })

  it('deletes the segments of entries TTL expired from there on, and keeps those of live entries', async () => {
    const retry = { Records: event.Records.slice(firstFailed) }
    const { result } = await captureOutput(() => janitor(retry, lambdaContext))
    expect(result).toEqual({ batchItemFailures: [] })
    expect(await segmentExists(expiredSegments[0] as string)).toBe(false)
    expect(await segmentExists(liveSegments[0] as string)).toBe(true)
  })

  it('takes the same records again without harm', async () => {
    const { result } = await captureOutput(() => janitor(event, lambdaContext))
    expect(result).toEqual({ batchItemFailures: [] })
    expect(await segmentExists(liveSegments[0] as string)).toBe(true)
  })

  it('after a topic deletion that died before deleting its segments, deletes them', async () => {
    await createTopic(deps, { name: 'doomed', retentionMs: -1 })
    await appendRecords(deps, 'doomed', largeBatch('doomed'))
    const doomedSegments = await segmentsOf('doomed')
    expect(doomedSegments).toHaveLength(1)
    expect(doomedSegments[0]?.startsWith('segments/keep/')).toBe(true)
    // Failure injection: stands for the admin function dying (timeout, crash) after it removed the
    // topic's items and before it deleted their segments. Topics kept forever have no lifecycle backstop.
    const dying = createService(storage, {
      clients,
      wrap: (d) => ({
        ...d,
        segments: {
          put: (key, body) => d.segments.put(key, body),
          get: (key) => d.segments.get(key),
          delete: async () => {
            throw new Error('the function died here')
          },
        },
      }),
    })
    await expect(deleteTopic(dying, 'doomed')).rejects.toThrow('the function died here')
    expect(await segmentExists(doomedSegments[0] as string)).toBe(true)

    const { streamArn, records } = await streamWithRemovalsOf(doomedSegments)
    const { result, lines } = await captureOutput(() =>
      janitor(lambdaStreamEvent(streamArn, records), lambdaContext),
    )
    expect(result).toEqual({ batchItemFailures: [] })
    expect(await segmentExists(doomedSegments[0] as string)).toBe(false)
    expect(await segmentExists(liveSegments[0] as string)).toBe(true)
    expect(jsonLines(lines)).toEqual([
      expect.objectContaining({
        level: 'INFO',
        message: 'stream batch',
        deleted_segments: expect.any(Number),
      }),
    ])
  })
})
