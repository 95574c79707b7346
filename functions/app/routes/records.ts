import { Hono } from 'hono'
import type { AuthEnv } from '../../auth/middleware.js'
import { appendRecords } from '../../engine/append.js'
import type { EngineDeps } from '../../engine/deps.js'
import { fetchRecords, type OffsetSpec } from '../../engine/fetch.js'
import { LIMITS } from '../../engine/limits.js'
import { invalidRequest } from '../../errors.js'
import { sha256Hex } from '../../sha256.js'
import { toAppendRecords } from '../codec.js'
import { fitAnswer, type PartitionAnswer } from '../fetch-answer.js'
import { topicParam } from '../params.js'
import { fetchQuery, idempotencyKey, partitionParam, produceBody } from '../schemas.js'
import { parse, readJsonBody } from '../validate.js'

export function recordRoutes(deps: EngineDeps) {
  return new Hono<AuthEnv>()
    .post('/:topic/records', async (c) => {
      const topic = topicParam(c, 'produce')
      const header = c.req.header('idempotency-key')
      const key = header === undefined ? undefined : parse(idempotencyKey, header, 'Idempotency-Key')
      const { raw, json } = await readJsonBody(c)
      const body = parse(produceBody, json, 'body')
      const records = toAppendRecords(body.records, body.encoding ?? 'utf8')
      const idempotency = key === undefined ? undefined : { key, bodyHash: await sha256Hex(raw) }
      return c.json(await appendRecords(deps, topic, records, idempotency ? { idempotency } : {}))
    })
    .get('/:topic/partitions/:partition/records', async (c) => {
      const topic = topicParam(c, 'consume')
      const partition = parse(partitionParam, c.req.param('partition'), 'partition')
      const query = parse(fetchQuery, c.req.query(), 'query')
      if (query.timestamp !== undefined && query.offset !== undefined) {
        throw invalidRequest('give offset or timestamp, not both')
      }
      const from: OffsetSpec =
        query.timestamp !== undefined ? { timestamp: query.timestamp } : (query.offset ?? 'earliest')
      const encoding = query.encoding ?? 'utf8'
      const result = await fetchRecords(
        deps,
        topic,
        partition,
        {
          from,
          limit: query.limit ?? LIMITS.defaultFetchRecords,
          maxBytes: query.maxBytes ?? LIMITS.defaultFetchBytes,
          waitMs: query.waitMs ?? 0,
        },
        c.req.raw.signal,
      )
      const [answer] = fitAnswer([{ topic, partition, ...result }], encoding, (read) => ({
        nextOffset: read.nextOffset,
        startOffset: read.startOffset,
        endOffset: read.endOffset,
      })) as [PartitionAnswer]
      if ('error' in answer) throw answer.error
      return c.body(answer.json, 200, { 'content-type': 'application/json' })
    })
}
