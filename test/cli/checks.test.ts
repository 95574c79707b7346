/**
 * The CLI's own checks say what the service says: for the same bad value, the CLI's message is the
 * service's 400 message with the flag or argument in place of the field. Where the CLI checks nothing,
 * the service's code and message reach the user unchanged. Either way it exits 1 and prints nothing on
 * stdout. Runs the CLI as a child process against the local service, and asks the service directly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningService } from '../../functions/local/serve.js'
import { runSluice } from '../support/cli.js'
import { api } from '../support/http.js'
import { startTestService } from '../support/service.js'

let service: RunningService
let call: ReturnType<typeof api>
const topic = `checks-${Date.now().toString(36)}`

beforeAll(async () => {
  service = await startTestService()
  call = api(service.url)
  expect((await call('POST', '/v1/topics', { name: topic, partitions: 2 })).status).toBe(201)
}, 120_000)
afterAll(() => service?.stop())

const sluice = (args: string[], stdin = '') => runSluice(service.url, args, stdin)

/** The service's message for a request it refuses with `code`. */
async function serviceMessage(method: string, path: string, body: unknown, code: string): Promise<string> {
  const response = await call(method, path, body)
  expect(response.body.error.code).toBe(code)
  return response.body.error.message
}

interface Case {
  what: string
  args: string[]
  stdin?: string
  /** The same value given to the service, and the field its message names in place of the CLI's. */
  request: { method: string; path: string; body?: unknown; field: string }
  place: string
}

const longName = `a b${'c'.repeat(100)}`

const cases: Case[] = [
  ...['3x', '0', '2000', '1.5', '-1'].map(
    (got): Case => ({
      what: `topics create --partitions ${got}`,
      args: ['topics', 'create', `${topic}-new`, '--partitions', got],
      request: {
        method: 'POST',
        path: '/v1/topics',
        body: { name: 't', partitions: got },
        field: 'body.partitions',
      },
      place: '--partitions',
    }),
  ),
  {
    what: 'topics alter --partitions 1025',
    args: ['topics', 'alter', topic, '--partitions', '1025'],
    request: {
      method: 'PATCH',
      path: `/v1/topics/${topic}`,
      body: { partitions: '1025' },
      field: 'body.partitions',
    },
    place: '--partitions',
  },
  {
    what: 'a topic name with a space',
    args: ['topics', 'describe', 'a b'],
    request: { method: 'GET', path: '/v1/topics/a%20b', field: 'topic' },
    place: 'topic',
  },
  {
    what: 'a long bad topic name, cut',
    args: ['topics', 'delete', longName],
    request: { method: 'GET', path: `/v1/topics/${encodeURIComponent(longName)}`, field: 'topic' },
    place: 'topic',
  },
  {
    what: 'a topic named ..',
    args: ['topics', 'create', '..'],
    request: { method: 'POST', path: '/v1/topics', body: { name: '..' }, field: 'body.name' },
    place: 'topic',
  },
  {
    what: 'produce to a topic with a bad name',
    args: ['produce', 'a/b'],
    stdin: 'x\n',
    request: { method: 'POST', path: '/v1/topics', body: { name: 'a/b' }, field: 'body.name' },
    place: 'topic',
  },
  {
    what: 'a group name with a space',
    args: ['groups', 'describe', 'a b'],
    request: { method: 'GET', path: '/v1/groups/a%20b', field: 'group' },
    place: 'group',
  },
  {
    what: 'consume --group .',
    args: ['consume', topic, '--group', '.'],
    request: { method: 'POST', path: '/v1/topics', body: { name: '.' }, field: 'body.name' },
    place: '--group',
  },
  {
    what: 'consume --offset first',
    args: ['consume', topic, '--offset', 'first'],
    request: {
      method: 'GET',
      path: `/v1/topics/${topic}/partitions/0/records?offset=first`,
      field: 'query.offset',
    },
    place: '--offset',
  },
  {
    what: 'consume --partition x',
    args: ['consume', topic, '--partition', 'x'],
    request: { method: 'GET', path: `/v1/topics/${topic}/partitions/x/records`, field: 'partition' },
    place: '--partition',
  },
  {
    what: 'consume --partition beyond the topic',
    args: ['consume', topic, '--partition', '5'],
    request: { method: 'GET', path: `/v1/topics/${topic}/partitions/5/records`, field: 'partition' },
    place: '--partition',
  },
  {
    what: 'produce --partition beyond the topic',
    args: ['produce', topic, '--partition', '5'],
    stdin: 'x\n',
    request: { method: 'GET', path: `/v1/topics/${topic}/partitions/5/records`, field: 'partition' },
    place: '--partition',
  },
  {
    what: 'groups reset --to-offset -1',
    args: ['groups', 'reset', 'g', '--topic', topic, '--to-offset', '-1'],
    request: {
      method: 'PUT',
      path: `/v1/groups/g/topics/${topic}/offsets`,
      body: { offsets: [{ partition: 0, offset: '-1' }] },
      field: 'body.offsets[0].offset',
    },
    place: '--to-offset',
  },
  {
    what: 'groups reset --topic with a bad name',
    args: ['groups', 'reset', 'g', '--topic', 'a b', '--to-earliest'],
    request: { method: 'GET', path: '/v1/topics/a%20b', field: 'topic' },
    place: '--topic',
  },
]

describe("the CLI's checks say what the service says", { timeout: 60_000 }, () => {
  it.each(cases)('$what', async ({ args, stdin, request, place }) => {
    const expected = await serviceMessage(request.method, request.path, request.body, 'INVALID_REQUEST')
    expect(expected.startsWith(`${request.field} `)).toBe(true)
    const run = await sluice(args, stdin)
    expect(run).toEqual({
      code: 1,
      stdout: '',
      stderr: `error: INVALID_REQUEST: ${place}${expected.slice(request.field.length)}\n`,
    })
  })

  it('refuses what the service refuses before sending it: nothing is produced', async () => {
    await sluice(['produce', topic, '--partition', '5'], 'x\n')
    const described = await call('GET', `/v1/topics/${topic}`)
    expect(described.body.offsets.map((o: { endOffset: number }) => o.endOffset)).toEqual([0, 0])
  })
})

describe('retention: the same rule and minimum, stated as a duration', { timeout: 60_000 }, () => {
  it('refuses below the minimum and what is no duration, in the words of the service', async () => {
    const byService = await serviceMessage(
      'POST',
      '/v1/topics',
      { name: 't', retentionMs: 999 },
      'INVALID_REQUEST',
    )
    expect(byService).toBe('body.retentionMs must be -1 (forever) or an integer of at least 1000; got 999')
    for (const got of ['999ms', '7 days', '-2']) {
      const run = await sluice(['topics', 'create', `${topic}-r`, '--retention', got])
      expect(run).toEqual({
        code: 1,
        stdout: '',
        stderr: `error: INVALID_REQUEST: --retention must be -1 (forever) or a duration of at least 1s; got "${got}"\n`,
      })
    }
  })

  it('takes the minimum and forever, as the service does', async () => {
    const accepted: Array<[string, string]> = [
      ['1s', '1s'],
      ['1000', '1s'],
      ['forever', 'forever'],
      ['-1', 'forever'],
    ]
    for (const [retention, shown] of accepted) {
      const name = `${topic}-r${retention.replace(/\W/g, '')}`
      const run = await sluice(['topics', 'create', name, '--retention', retention])
      expect(run.stderr).toBe('')
      expect(run.stdout).toBe(`Created topic ${name} (1 partition, retention ${shown})\n`)
    }
  })
})

describe("the CLI's own options, worded as the service words rules", { timeout: 60_000 }, () => {
  it.each([
    { args: ['consume', topic, '--max', '0'], message: '--max must be an integer of at least 1; got "0"' },
    {
      args: ['consume', topic, '--timeout-ms', '1s'],
      message: '--timeout-ms must be a non-negative integer; got "1s"',
    },
    {
      args: ['produce', topic, '--linger-ms', '-5'],
      message: '--linger-ms must be a non-negative integer; got "-5"',
    },
    {
      args: ['groups', 'reset', 'g', '--topic', topic, '--to-datetime', 'yesterday'],
      message:
        '--to-datetime must be an ISO 8601 date-time from 1970 on, e.g. 2024-05-01T12:00:00Z; got "yesterday"',
    },
    {
      args: ['groups', 'reset', 'g', '--topic', topic, '--to-datetime', '1969-12-31T00:00:00Z'],
      message:
        '--to-datetime must be an ISO 8601 date-time from 1970 on, e.g. 2024-05-01T12:00:00Z; got "1969-12-31T00:00:00Z"',
    },
    { args: ['dev', '--port', '65536'], message: '--port must be an integer from 0 to 65535; got "65536"' },
  ])('$args.0 ... $args.2 $args.3', async ({ args, message }) => {
    expect(await sluice(args)).toEqual({
      code: 1,
      stdout: '',
      stderr: `error: INVALID_REQUEST: ${message}\n`,
    })
  })

  it('words a fixed set of values as the service words its encodings', async () => {
    const byService = await serviceMessage(
      'POST',
      `/v1/topics/${topic}/records`,
      { records: [{ value: 'a' }], encoding: 'hex' },
      'INVALID_REQUEST',
    )
    expect(byService).toBe('body.encoding must be one of "utf8", "base64"; got "hex"')
    const run = await sluice(['consume', topic, '--format', 'xml'])
    const words = byService
      .replace('body.encoding', '--format')
      .replace('"utf8", "base64"', '"json", "value"')
      .replace('"hex"', '"xml"')
    expect(run).toEqual({ code: 1, stdout: '', stderr: `error: INVALID_REQUEST: ${words}\n` })
  })
})

describe("where the CLI checks nothing, the service's code and message reach the user", {
  timeout: 60_000,
}, () => {
  it.each([
    {
      what: 'partitions that would shrink',
      args: ['topics', 'alter', topic, '--partitions', '1'],
      request: { method: 'PATCH', path: `/v1/topics/${topic}`, body: { partitions: 1 } },
      code: 'INVALID_REQUEST',
    },
    {
      what: 'a topic that exists',
      args: ['topics', 'create', topic],
      request: { method: 'POST', path: '/v1/topics', body: { name: topic } },
      code: 'TOPIC_EXISTS',
    },
    {
      what: 'a topic that does not',
      args: ['topics', 'describe', `${topic}-none`],
      request: { method: 'GET', path: `/v1/topics/${topic}-none` },
      code: 'TOPIC_NOT_FOUND',
    },
    {
      what: 'a group that does not',
      args: ['groups', 'describe', `${topic}-none`],
      request: { method: 'GET', path: `/v1/groups/${topic}-none` },
      code: 'GROUP_NOT_FOUND',
    },
  ])('$what: $code', async ({ args, request, code }) => {
    const message = await serviceMessage(request.method, request.path, request.body, code)
    expect(await sluice(args)).toEqual({ code: 1, stdout: '', stderr: `error: ${code}: ${message}\n` })
  })
})
