import { Hono } from 'hono'
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
import { createTopicBody, name, offsetsQuery, updateTopicBody } from '../schemas.js'
import { parse, readJsonBody } from '../validate.js'

export function topicRoutes(deps: EngineDeps) {
  return new Hono()
    .post('/', async (c) => {
      const body = parse(createTopicBody, (await readJsonBody(c)).json, 'body')
      return c.json(await createTopic(deps, body), 201)
    })
    .get('/', async (c) => c.json({ topics: await listTopics(deps) }))
    .get('/:topic', async (c) => {
      const meta = await requireTopic(deps, parse(name, c.req.param('topic'), 'topic'))
      return c.json({ ...toTopic(meta), offsets: await topicOffsets(deps, meta) })
    })
    .patch('/:topic', async (c) => {
      const topic = parse(name, c.req.param('topic'), 'topic')
      const body = parse(updateTopicBody, (await readJsonBody(c)).json, 'body')
      return c.json(await updateTopic(deps, topic, body))
    })
    .delete('/:topic', async (c) => {
      await deleteTopic(deps, parse(name, c.req.param('topic'), 'topic'))
      return c.body(null, 204)
    })
    .get('/:topic/offsets', async (c) => {
      const meta = await requireTopic(deps, parse(name, c.req.param('topic'), 'topic'))
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
