import { Hono } from 'hono'
import { type AuthEnv, authorize } from '../../auth/middleware.js'
import type { EngineDeps } from '../../engine/deps.js'
import { LIMITS } from '../../engine/limits.js'
import { fetchMany } from '../../groups/fetch-many.js'
import { fetchManyBody } from '../group-schemas.js'
import { parse, readJsonBody } from '../validate.js'
import { toRecordView } from './records.js'

/** Several partitions in one fetch, long-polling across them (docs/api-extensions.md). */
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
    return c.json({
      partitions: result.partitions.map((p) =>
        'error' in p
          ? p
          : {
              ...p,
              records: p.records.map((r) => toRecordView(r, encoding)),
            },
      ),
    })
  })
}
