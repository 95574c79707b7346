/**
 * Default member ids: a person reading a group's description can tell which host and process each
 * member is. In Node the id is `<hostname>-<pid>-<random>`, found without importing `node:os` (the
 * SDK also runs in browsers); elsewhere it is random. `defaultMemberId` takes the globals to look in,
 * so the other runtimes are covered with globals of their shape.
 */
import { hostname } from 'node:os'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultMemberId } from '../../sdk/src/ids.js'
import { describeGroup, Sluice } from '../../sdk/src/index.js'
import { startTestService } from '../support/service.js'
import { freshTopic } from './support/topics.js'

const MEMBER_ID = /^[A-Za-z0-9._-]{1,249}$/
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
const nodeMemberId = new RegExp(
  `^${escapeRegExp(hostname().replace(/[^A-Za-z0-9._-]/g, '-'))}-${process.pid}-[0-9a-f]{8}$`,
)

describe('default member ids', () => {
  it('in Node: <hostname>-<pid>-<8 hex digits>, one of its own per consumer', () => {
    const sluice = new Sluice({ url: 'http://127.0.0.1:9' }) // nothing is sent
    const a = sluice.consumer({ groupId: 'g' }).memberId
    const b = sluice.consumer({ groupId: 'g' }).memberId
    expect(a).toMatch(nodeMemberId)
    expect(b).toMatch(nodeMemberId)
    expect(b).not.toBe(a)
  })

  it('given memberId wins', () => {
    const sluice = new Sluice({ url: 'http://127.0.0.1:9' })
    expect(sluice.consumer({ groupId: 'g', memberId: 'pod-7' }).memberId).toBe('pod-7')
  })

  it('without a Node process (a browser, an edge runtime): 16 random hex digits', () => {
    const ids = [defaultMemberId({}), defaultMemberId({ process: { env: {} } })]
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{16}$/)
    expect(ids[1]).not.toBe(ids[0])
  })

  it('in a Node without process.getBuiltinModule (before 20.16): the host name from $HOSTNAME', () => {
    const id = defaultMemberId({ process: { pid: 7, env: { HOSTNAME: 'web-1' } } })
    expect(id).toMatch(/^web-1-7-[0-9a-f]{8}$/)
  })

  it('a host name with characters ids refuse, or a very long one, still makes a valid id', () => {
    const os = { hostname: () => `bad/host:name ${'x'.repeat(300)}` }
    const id = defaultMemberId({ process: { pid: 7, getBuiltinModule: () => os } })
    expect(id).toMatch(MEMBER_ID)
    expect(id.startsWith('bad-host-name-xxx')).toBe(true)
    expect(id).toMatch(/-7-[0-9a-f]{8}$/)
  })
})

describe('a consumer under its default id', { timeout: 60_000 }, () => {
  let service: Awaited<ReturnType<typeof startTestService>>
  beforeAll(async () => {
    service = await startTestService()
  }, 120_000)
  afterAll(() => service?.stop())

  it('joins the group under it: the service lists the readable id', async () => {
    const sluice = new Sluice({ url: service.url })
    const topic = await freshTopic(sluice, 'default-member')
    const consumer = sluice.consumer({ groupId: 'default-member', logger: quiet })
    await consumer.subscribe({ topics: [topic] })
    await consumer.run({ eachMessage: async () => {} })
    try {
      const { members } = await sluice.execute(describeGroup('default-member'))
      expect(members.map((m) => m.memberId)).toEqual([consumer.memberId])
      expect(consumer.memberId).toMatch(nodeMemberId)
    } finally {
      await consumer.stop()
    }
  })
})

const quiet = { info() {}, warn() {}, error() {} }
