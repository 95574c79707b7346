/** `sluice groups ...` and `consume --group` end to end, as child processes against the local service. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { describeTopic, resetGroupOffsets, Sluice } from '../../sdk/src/index.js'
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
let groupCounter = 0
const freshGroup = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${groupCounter++}`

async function produce(topic: string, values: string[], partition?: number) {
  const args = partition === undefined ? [] : ['--partition', String(partition)]
  const produced = await runSluice(service.url, ['produce', topic, ...args], `${values.join('\n')}\n`)
  expect(produced.code, produced.stderr).toBe(0)
}

describe('CLI consumer groups', { timeout: 120_000 }, () => {
  it('says a group that does not exist does not, and exits non-zero, on delete', async () => {
    const deleted = await sluice('groups', 'delete', 'no-such-group')
    expect(deleted).toMatchObject({ code: 1, stdout: '' })
    expect(deleted.stderr).toBe("error: GROUP_NOT_FOUND: group 'no-such-group' does not exist\n")
  })

  it('resets only a group that exists, unless --create', async () => {
    const topic = await freshTopic(admin, 'cli-reset-new')
    const group = freshGroup('new')
    const refused = await sluice('groups', 'reset', group, '--topic', topic, '--to-earliest')
    expect(refused).toMatchObject({ code: 1, stdout: '' })
    expect(refused.stderr).toContain(`group '${group}' does not exist: add --create to create it`)
    expect((await sluice('groups', 'describe', group)).stderr).toContain('GROUP_NOT_FOUND')

    const created = await sluice('groups', 'reset', group, '--topic', topic, '--to-earliest', '--create')
    expect(created.code, created.stderr).toBe(0)
    expect(created.stdout).toContain(`Created group ${group} on ${topic} at earliest`)
    expect((await sluice('groups', 'describe', group)).code).toBe(0)
  })

  it('resets to an offset (kept within each partition) or a date-time', async () => {
    const topic = await freshTopic(admin, 'cli-reset-to')
    for (const value of ['a', 'b', 'c']) await produce(topic, [value]) // one process each: later timestamps
    const group = freshGroup('to')
    const committed = async () => {
      const described = JSON.parse((await sluice('--json', 'groups', 'describe', group)).stdout)
      return described.topics[0].partitions[0].committedOffset
    }
    const toOffset = await sluice('groups', 'reset', group, '--topic', topic, '--to-offset', '1', '--create')
    expect(toOffset.code, toOffset.stderr).toBe(0)
    expect(toOffset.stdout).toContain(`Created group ${group} on ${topic} at offset 1`)
    expect(await committed()).toBe(1)

    const past = await sluice('groups', 'reset', group, '--topic', topic, '--to-offset', '99')
    expect(past.code, past.stderr).toBe(0)
    expect(past.stderr).toContain('partition 0: offset 99 is past the end offset 3; using 3')
    expect(await committed()).toBe(3)

    const records = lines(
      (await sluice('consume', topic, '--from-beginning', '-e', '--format', 'json')).stdout,
    )
    const second = new Date(JSON.parse(records[1] as string).timestamp).toISOString()
    const toTime = await sluice('groups', 'reset', group, '--topic', topic, '--to-datetime', second)
    expect(toTime.code, toTime.stderr).toBe(0)
    expect(toTime.stdout).toContain(`Reset group ${group} on ${topic} to ${second}`)
    expect(await committed()).toBe(1)

    const invalid = await sluice('groups', 'reset', group, '--topic', topic, '--to-datetime', 'yesterday')
    expect(invalid.code).toBe(1)
    expect(invalid.stderr).toContain('--to-datetime must be an ISO 8601 date-time')
  })

  it('lists and describes only the topics that still exist', async () => {
    const kept = await freshTopic(admin, 'cli-kept')
    const doomed = await freshTopic(admin, 'cli-doomed')
    const group = freshGroup('spans')
    for (const topic of [kept, doomed]) {
      await admin.execute(resetGroupOffsets(group, topic, { to: 'earliest' }))
    }
    await sluice('topics', 'delete', doomed)

    const listed = JSON.parse((await sluice('--json', 'groups', 'list')).stdout)
    expect(listed).toContainEqual({ group, topics: [kept] })
    expect((await sluice('groups', 'list')).stdout).toMatch(new RegExp(`^${group}\\s+${kept}$`, 'm'))
    const described = await sluice('groups', 'describe', group)
    expect(described.stdout).toContain(kept)
    expect(described.stdout).not.toContain(doomed)
  })

  it('counts a partition without a commit in the total lag, from its start offset, and says so', async () => {
    const topic = await freshTopic(admin, 'cli-lag', 2)
    await produce(topic, ['a', 'b', 'c'], 0)
    await produce(topic, ['d', 'e'], 1)
    const group = freshGroup('lag')
    await admin.execute(resetGroupOffsets(group, topic, { offsets: [{ partition: 0, offset: 1 }] }))
    const { offsets } = await admin.execute(describeTopic(topic))
    expect(offsets[1]).toMatchObject({ startOffset: 0, endOffset: 2 })

    const described = await sluice('groups', 'describe', group)
    expect(described.code, described.stderr).toBe(0)
    expect(lines(described.stdout)[0]).toBe(
      `Group: ${group}  Members: 0  Total lag: 4 (2 of it on 1 partition without a commit, counted from its start offset)`,
    )
    expect(described.stdout).toMatch(new RegExp(`${topic}\\s+1\\s+-\\s+2\\s+2\\s`))
  })

  it('consume --group -e reads to the end offsets of the start and commits them', async () => {
    const topic = await freshTopic(admin, 'cli-group-end', 3)
    const values = Array.from({ length: 12 }, (_, i) => `v${i}`)
    await produce(topic, values.slice(0, 8), 0)
    await produce(topic, values.slice(8), 1) // partition 2 stays empty
    const group = freshGroup('end')

    const consumed = await sluice('consume', topic, '--group', group, '--from-beginning', '-e')
    expect(consumed.code, consumed.stderr).toBe(0)
    expect(lines(consumed.stdout).sort()).toEqual([...values].sort())
    const described = JSON.parse((await sluice('--json', 'groups', 'describe', group)).stdout)
    expect(described.topics[0].partitions.map((p: { lag: number | null }) => p.lag)).toEqual([0, 0, null])

    const again = await sluice('consume', topic, '--group', group, '--exit-at-end')
    expect(again).toMatchObject({ code: 0, stdout: '' })
  })
})
