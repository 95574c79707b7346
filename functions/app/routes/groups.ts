import { type Context, Hono } from 'hono'
import type { Action } from '../../auth/grants.js'
import { ANY_ACTION, type AuthEnv, authorize, may } from '../../auth/middleware.js'
import type { GroupDeps } from '../../groups/deps.js'
import { deleteGroup, describeGroup, listGroups } from '../../groups/describe.js'
import { acquireLease, heartbeat, releaseLease } from '../../groups/leases.js'
import { joinGroup, leaveGroup } from '../../groups/members.js'
import { commitOffsets, readOffsets, resetOffsets } from '../../groups/offsets.js'
import {
  commitBody,
  heartbeatBody,
  joinBody,
  leaseBody,
  memberId,
  offsetsQuery,
  releaseQuery,
  resetBody,
} from '../group-schemas.js'
import { groupParam, topicParam } from '../params.js'
import { partitionParam } from '../schemas.js'
import { parse, readJsonBody } from '../validate.js'

/** What a topic's group data (offsets, leases, lag) takes beyond the group's grant: consume, as a fetch. */
const TOPIC_DATA: Action[] = ['consume', 'admin']

/** Committing, reading or resetting a named topic's offsets also takes a grant on the topic. */
function topicGrant(c: Context<AuthEnv>, topic: string) {
  authorize(c, 'topic', topic, ...TOPIC_DATA)
  return topic
}

/**
 * Which topics' data a view of the whole group (describe, offsets, a heartbeat's leases) shows: those
 * the key may consume. The others are
 * left out rather than the view refused, as `GET /v1/topics` lists only the topics a key has a grant
 * on: a group may span topics of several teams, and each key sees its own part of it.
 */
const visibleTopics = (c: Context<AuthEnv>) => (topic: string) => may(c, 'topic', topic, ...TOPIC_DATA)

/** The Consumer groups section of docs/api.md, the heartbeat included. */
export function groupRoutes(deps: GroupDeps) {
  const body = async <S extends Parameters<typeof parse>[0]>(
    c: Parameters<typeof readJsonBody>[0],
    schema: S,
  ) => parse(schema, (await readJsonBody(c)).json, 'body')
  return new Hono<AuthEnv>()
    .get('/', async (c) => {
      const { groups } = await listGroups(deps)
      return c.json({ groups: groups.filter((g) => may(c, 'group', g.group, ...ANY_ACTION)) })
    })
    .get('/:group', async (c) =>
      c.json(await describeGroup(deps, groupParam(c, ...ANY_ACTION), visibleTopics(c))),
    )
    .delete('/:group', async (c) => {
      await deleteGroup(deps, groupParam(c, 'admin'))
      return c.body(null, 204)
    })
    .put('/:group/members/:memberId', async (c) => {
      const group = groupParam(c, 'consume')
      const member = parse(memberId, c.req.param('memberId'), 'memberId')
      const { topics, sessionMs } = await body(c, joinBody)
      return c.json(await joinGroup(deps, group, member, topics, sessionMs))
    })
    .delete('/:group/members/:memberId', async (c) => {
      const group = groupParam(c, 'consume')
      await leaveGroup(deps, group, parse(memberId, c.req.param('memberId'), 'memberId'))
      return c.body(null, 204)
    })
    .post('/:group/members/:memberId/heartbeat', async (c) => {
      const group = groupParam(c, 'consume')
      const member = parse(memberId, c.req.param('memberId'), 'memberId')
      const request = await body(c, heartbeatBody)
      return c.json(
        await heartbeat(
          deps,
          group,
          member,
          {
            topics: request.topics,
            leases: request.leases ?? [],
            ...(request.sessionMs === undefined ? {} : { sessionMs: request.sessionMs }),
            ...(request.leaseMs === undefined ? {} : { leaseMs: request.leaseMs }),
          },
          visibleTopics(c),
        ),
      )
    })
    .put('/:group/topics/:topic/partitions/:partition/lease', async (c) => {
      const group = groupParam(c, 'consume')
      const topic = topicParam(c, ...TOPIC_DATA)
      const partition = parse(partitionParam, c.req.param('partition'), 'partition')
      const { memberId, ...options } = await body(c, leaseBody)
      return c.json(await acquireLease(deps, group, topic, partition, memberId, options))
    })
    .delete('/:group/topics/:topic/partitions/:partition/lease', async (c) => {
      const group = groupParam(c, 'consume')
      const topic = topicParam(c, ...TOPIC_DATA)
      const partition = parse(partitionParam, c.req.param('partition'), 'partition')
      const query = parse(releaseQuery, c.req.query(), 'query')
      await releaseLease(deps, group, topic, partition, query.memberId, query.epoch)
      return c.body(null, 204)
    })
    .post('/:group/offsets', async (c) => {
      const group = groupParam(c, 'consume')
      const request = await body(c, commitBody)
      topicGrant(c, request.topic)
      return c.json(
        await commitOffsets(deps, group, {
          topic: request.topic,
          offsets: request.offsets.map((o) => ({
            partition: o.partition,
            offset: o.offset,
            ...(o.epoch === undefined ? {} : { epoch: o.epoch }),
          })),
          ...(request.memberId === undefined ? {} : { memberId: request.memberId }),
        }),
      )
    })
    .get('/:group/offsets', async (c) => {
      const group = groupParam(c, 'consume')
      const { topic } = parse(offsetsQuery, c.req.query(), 'query')
      if (topic === undefined) return c.json(await readOffsets(deps, group, visibleTopics(c)))
      topicGrant(c, topic)
      return c.json(await readOffsets(deps, group, (t) => t === topic))
    })
    .put('/:group/topics/:topic/offsets', async (c) => {
      const group = groupParam(c, 'admin')
      const topic = topicParam(c, ...TOPIC_DATA)
      return c.json(await resetOffsets(deps, group, topic, await body(c, resetBody)))
    })
}
