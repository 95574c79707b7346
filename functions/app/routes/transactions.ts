import { Hono } from 'hono'
import { type AuthEnv, authorize } from '../../auth/middleware.js'
import type { GroupDeps } from '../../groups/deps.js'
import { runTransaction } from '../../groups/transactions.js'
import { sha256Hex } from '../../sha256.js'
import { toAppendRecords } from '../codec.js'
import { transactionBody } from '../group-schemas.js'
import { idempotencyKey } from '../schemas.js'
import { parse, readJsonBody } from '../validate.js'

/** The Transactions section of docs/api.md; an Idempotency-Key works as on produce. */
export function transactionRoutes(deps: GroupDeps) {
  return new Hono<AuthEnv>().post('/', async (c) => {
    const header = c.req.header('idempotency-key')
    const key = header === undefined ? undefined : parse(idempotencyKey, header, 'Idempotency-Key')
    const { raw, json } = await readJsonBody(c)
    const body = parse(transactionBody, json, 'body')
    for (const p of body.produce) authorize(c, 'topic', p.topic, 'produce')
    if (body.commit) {
      authorize(c, 'group', body.commit.group, 'consume')
      authorize(c, 'topic', body.commit.topic, 'consume')
    }
    const produce = body.produce.map((p) => ({
      topic: p.topic,
      records: toAppendRecords(p.records, p.encoding ?? 'utf8'),
    }))
    const idempotency = key === undefined ? undefined : { key, bodyHash: await sha256Hex(raw) }
    return c.json(
      await runTransaction(deps, { produce, ...(body.commit ? { commit: body.commit } : {}) }, idempotency),
    )
  })
}
