import { Hono } from 'hono'
import { ANY_ACTION, type AuthEnv, authorize, may } from '../../auth/middleware.js'
import type { EngineDeps } from '../../engine/deps.js'
import { offsetForTimestamp } from '../../engine/read.js'
import {
  createTopic,
  deleteTopic,
  listTopics,
  requireTopic,
  topicOffsets,
  toTopic,
  updateTopic,
} from '../../engine/topics.js'
import { topicParam } from '../params.js'
import { createTopicBody, offsetsQuery, updateTopicBody } from '../schemas.js'
import { parse, readJsonBody } from '../validate.js'

export function topicRoutes(deps: EngineDeps) {
  return new Hono<AuthEnv>()
    .post('/', async (c) => {
      const body = parse(createTopicBody, (await readJsonBody(c)).json, 'body')
      authorize(c, 'topic', body.name, 'admin')
      return c.json(await createTopic(deps, body), 201)
    })
    .get('/', async (c) => {
      const topics = await listTopics(deps)
      return c.json({ topics: topics.filter((t) => may(c, 'topic', t.name, ...ANY_ACTION)) })
    })
    .get('/:topic', async (c) => {
      const meta = await requireTopic(deps, topicParam(c, ...ANY_ACTION))
      return c.json({ ...toTopic(meta), offsets: await topicOffsets(deps, meta) })
    })
    .patch('/:topic', async (c) => {
      const topic = topicParam(c, 'admin')
      const body = parse(updateTopicBody, (await readJsonBody(c)).json, 'body')
      return c.json(await updateTopic(deps, topic, body))
    })
    .delete('/:topic', async (c) => {
      await deleteTopic(deps, topicParam(c, 'admin'))
      return c.body(null, 204)
    })
    .get('/:topic/offsets', async (c) => {
      const meta = await requireTopic(deps, topicParam(c, 'consume'))
      const { timestamp } = parse(offsetsQuery, c.req.query(), 'query')
      if (timestamp === undefined) {
        const offsets = await topicOffsets(deps, meta)
        return c.json({ offsets })
      }
      const partitions = Array.from({ length: meta.partitions }, (_, p) => p)
      const offsets = await Promise.all(
        partitions.map(async (partition) => ({
          partition,
          offset: await offsetForTimestamp(deps, meta, partition, timestamp),
        })),
      )
      return c.json({ offsets })
    })
}
