/** `sluice consume --group` and `sluice groups ...` end to end, as child processes against the local service. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Sluice } from '../../sdk/src/index.js'
import { freshTopic } from '../sdk/support/topics.js'
import { runSluice } from '../support/cli.js'
import { startTestService } from '../support/service.js'

let service: Awaited<ReturnType<typeof startTestService>>
let admin: Sluice

beforeAll(async () => {
  service = await startTestService()
  admin = new Sluice({ url: service.url })
}, 120_000)
afterAll(() => service?.stop())

const sluice = (...args: string[]) => runSluice(service.url, args)

const lines = (text: string) => text.split('\n').filter((line) => line !== '')

describe('CLI consumer groups', { timeout: 120_000 }, () => {
  it('consume --group commits, groups list/describe show it, reset replays, delete removes', async () => {
    const topic = await freshTopic(admin, 'cli-group', 3)
    const producer = admin.producer()
    const first = Array.from({ length: 10 }, (_, i) => `first-${i}`)
    await producer.send({ topic, messages: first.map((value, i) => ({ key: `k${i}`, value })) })

    const consumed = await sluice('consume', topic, '--group', 'cli-g', '--from-beginning', '--max', '10')
    expect(consumed.code, consumed.stderr).toBe(0)
    expect(lines(consumed.stdout).sort()).toEqual([...first].sort())

    const listed = await sluice('--json', 'groups', 'list')
    expect(JSON.parse(listed.stdout)).toContainEqual({ group: 'cli-g', topics: [topic] })
    const described = await sluice('groups', 'describe', 'cli-g')
    expect(described.code, described.stderr).toBe(0)
    expect(described.stdout).toContain('Total lag: 0')
    expect(lines(described.stdout)).toHaveLength(2 + 3) // summary, header, one row per partition

    const second = Array.from({ length: 5 }, (_, i) => `second-${i}`)
    await producer.send({ topic, messages: second.map((value, i) => ({ key: `j${i}`, value })) })
    const lagging = JSON.parse((await sluice('--json', 'groups', 'describe', 'cli-g')).stdout)
    const lag = lagging.topics[0].partitions.reduce((sum: number, p: { lag: number }) => sum + p.lag, 0)
    expect(lag).toBe(5)
    const rest = await sluice('consume', topic, '--group', 'cli-g', '--max', '5')
    expect(lines(rest.stdout).sort()).toEqual([...second].sort()) // from the group's commits, not the start

    const reset = await sluice('groups', 'reset', 'cli-g', '--topic', topic, '--to-earliest')
    expect(reset.code, reset.stderr).toBe(0)
    const replay = await sluice('consume', topic, '--group', 'cli-g', '--max', '15')
    expect(lines(replay.stdout).sort()).toEqual([...first, ...second].sort())

    const deleted = await sluice('groups', 'delete', 'cli-g')
    expect(deleted.code, deleted.stderr).toBe(0)
    const gone = await sluice('groups', 'describe', 'cli-g')
    expect(gone.code).not.toBe(0)
    expect(gone.stderr).toContain('GROUP_NOT_FOUND')
  })

  it('reset needs exactly one target and refuses while the group is consuming', async () => {
    const topic = await freshTopic(admin, 'cli-active', 1)
    const neither = await sluice('groups', 'reset', 'cli-active', '--topic', topic)
    expect(neither.code).not.toBe(0)
    const consumer = admin.consumer({ groupId: 'cli-active' })
    await consumer.subscribe({ topics: [topic] })
    await consumer.run({ eachMessage: async () => {} })
    const refused = await sluice('groups', 'reset', 'cli-active', '--topic', topic, '--to-latest')
    expect(refused.code).not.toBe(0)
    expect(refused.stderr).toContain('GROUP_ACTIVE')
    await consumer.stop()
  })
})
