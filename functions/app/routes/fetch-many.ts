import { Hono } from 'hono'
import { type AuthEnv, authorize } from '../../auth/middleware.js'
import type { EngineDeps } from '../../engine/deps.js'
import { fetchMany, type PartitionFetch } from '../../engine/fetch-many.js'
import { LIMITS } from '../../engine/limits.js'
import { fitAnswer, type PartitionAnswer, type PartitionRead, payloadBytes } from '../fetch-answer.js'
import { fetchManyBody } from '../group-schemas.js'
import { parse, readJsonBody } from '../validate.js'

/** Several partitions in one fetch, long-polling across them (docs/api.md, Fetch). */
export function fetchManyRoutes(deps: EngineDeps) {
  return new Hono<AuthEnv>().post('/', async (c) => {
    const body = parse(fetchManyBody, (await readJsonBody(c)).json, 'body')
    for (const p of body.partitions) authorize(c, 'topic', p.topic, 'consume')
    const encoding = body.encoding ?? 'utf8'
    const result = await fetchMany(
      deps,
      {
        partitions: body.partitions.map((p) => ({ ...p, offset: p.offset ?? 'earliest' })),
        limit: body.limit ?? LIMITS.defaultFetchRecords,
        maxBytes: body.maxBytes ?? LIMITS.defaultFetchBytes,
        waitMs: body.waitMs ?? 0,
      },
      c.req.raw.signal,
    )
    const reads = result.partitions.filter(isRead)
    const failed = result.partitions.filter((p) => !isRead(p)).map((p) => JSON.stringify(p))
    const fitted = fitAnswer(
      reads,
      encoding,
      (read) => ({
        topic: read.topic,
        partition: read.partition,
        nextOffset: read.nextOffset,
        startOffset: read.startOffset,
        endOffset: read.endOffset,
      }),
      failed.reduce((sum, json) => sum + payloadBytes(json) + 1, 0),
    )
    // Partitions that answer an error keep it; the others answer what fits.
    const json = new Map<PartitionFetch, string>(
      reads.map((read, i) => [read, partitionJson(read, fitted[i] as PartitionAnswer)]),
    )
    const partitions = result.partitions.map((p) => json.get(p) ?? JSON.stringify(p))
    return c.body(`{"partitions":[${partitions.join(',')}]}`, 200, { 'content-type': 'application/json' })
  })
}

const isRead = (p: PartitionFetch): p is PartitionRead => 'records' in p

const partitionJson = (read: PartitionRead, answer: PartitionAnswer) =>
  'json' in answer
    ? answer.json
    : JSON.stringify({ topic: read.topic, partition: read.partition, ...answer.error.toJSON() })
