import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { localAuthenticator } from '../../functions/auth/from-env.js'
import type { RunningService } from '../../functions/local/serve.js'
import { api } from '../support/http.js'
import { startTestService } from '../support/service.js'
import { type Call, leasePath } from './support.js'

const ROOT = `root-${crypto.randomUUID()}`
const asRoot = { authorization: `Bearer ${ROOT}` }
let service: RunningService
let call: Call
/** A key that may consume group `teams` and topic `mine`, and nothing of topic `theirs`. */
let scoped: Record<string, string>

beforeAll(async () => {
  service = await startTestService({
    app: (deps) => {
      const authenticator = localAuthenticator(deps.keys, { SLUICE_AUTH: 'on', SLUICE_ROOT_KEY: ROOT })
      return authenticator ? { authenticator } : {}
    },
  })
  call = api(service.url)
  for (const name of ['mine', 'theirs']) {
    await call('POST', '/v1/topics', { name, partitions: 1 }, asRoot)
    await call('POST', `/v1/topics/${name}/records`, { records: [{ value: 'a' }, { value: 'b' }] }, asRoot)
    await call('PUT', `/v1/groups/teams/members/m-${name}`, { topics: [name] }, asRoot)
    const lease = await call('PUT', leasePath('teams', name, 0), { memberId: `m-${name}` }, asRoot)
    await call(
      'POST',
      '/v1/groups/teams/offsets',
      { topic: name, memberId: `m-${name}`, offsets: [{ partition: 0, offset: 1, epoch: lease.body.epoch }] },
      asRoot,
    )
  }
  const key = await call(
    'POST',
    '/v1/keys',
    {
      name: 'scoped',
      grants: [
        { resource: 'group:teams', actions: ['consume'] },
        { resource: 'topic:mine', actions: ['consume'] },
      ],
    },
    asRoot,
  )
  scoped = { authorization: `Bearer ${key.body.secret}` }
})
afterAll(() => service.stop())

describe('a key with consume on a group sees topic-level data only of the topics it may consume', () => {
  it('describe leaves out the offsets, lag, end offsets and leases of other topics', async () => {
    const described = await call('GET', '/v1/groups/teams', undefined, scoped)
    expect(described.status).toBe(200)
    expect(described.body.topics.map((t: { topic: string }) => t.topic)).toEqual(['mine'])
    const all = await call('GET', '/v1/groups/teams', undefined, asRoot)
    expect(all.body.topics.map((t: { topic: string }) => t.topic)).toEqual(['mine', 'theirs'])
  })

  it('a heartbeat leaves out the leases and partition counts of other topics', async () => {
    const beat = await call(
      'POST',
      '/v1/groups/teams/members/m-scoped/heartbeat',
      { topics: ['mine', 'theirs'], leases: [] },
      scoped,
    )
    expect(beat.status).toBe(200)
    expect(beat.body.leases.map((l: { topic: string }) => l.topic)).toEqual(['mine'])
    expect(beat.body.topics).toEqual([{ topic: 'mine', partitions: 1 }])
  })

  it('the group’s offsets leave out other topics; asking for one by name is refused', async () => {
    const offsets = await call('GET', '/v1/groups/teams/offsets', undefined, scoped)
    expect(offsets.body.offsets).toEqual([{ topic: 'mine', partition: 0, offset: 1 }])
    const named = await call('GET', '/v1/groups/teams/offsets?topic=theirs', undefined, scoped)
    expect(named.status).toBe(403)
    expect(named.body.error).toMatchObject({ code: 'FORBIDDEN', topic: 'theirs' })
  })
})
