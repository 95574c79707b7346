/**
 * `sluice subscriptions ...` end to end: the CLI as a child process against the local service, which
 * delivers to a real HTTP server in this test (verifying signatures with the SDK, as a user's would).
 */
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type DeliveryEvent, Sluice, verifySignature } from '../../sdk/src/index.js'
import { freshTopic } from '../sdk/support/topics.js'
import { startDeliveringService, startWebhook, until } from '../subscriptions/support.js'
import { outputOf, runSluice } from '../support/cli.js'

let service: Awaited<ReturnType<typeof startDeliveringService>>['service']
let call: Awaited<ReturnType<typeof startDeliveringService>>['call']
let admin: Sluice
let topic: string
const webhooks: Array<Awaited<ReturnType<typeof startWebhook>>> = []

beforeAll(async () => {
  ;({ service, call } = await startDeliveringService())
  admin = new Sluice({ url: service.url })
  topic = await freshTopic(admin, 'cli-sub', 2)
}, 120_000)
afterAll(async () => {
  await Promise.all(webhooks.map((w) => w.close()))
  await service?.stop()
})

const sluice = (...args: string[]) => runSluice(service.url, args)
const lines = (text: string) => text.split('\n').filter((line) => line !== '')
let counter = 0
const freshName = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${counter++}`

/** A webhook that answers 401 to a delivery its secret does not verify, and `status` to the others. */
async function signedWebhook(secret: string, status: () => number = () => 200) {
  const verified: DeliveryEvent[] = []
  const webhook = await startWebhook(async ({ headers, raw, event }) => {
    try {
      await verifySignature({ secret, header: headers['sluice-signature'], body: raw })
    } catch {
      return { status: 401 }
    }
    const answered = status()
    if (answered < 300) verified.push(event)
    return { status: answered }
  })
  webhooks.push(webhook)
  return { ...webhook, verified }
}

async function produce(values: string[], partition: number) {
  const produced = await runSluice(
    service.url,
    ['produce', topic, '--partition', String(partition)],
    `${values.join('\n')}\n`,
  )
  expect(produced.code, produced.stderr).toBe(0)
}

/** The service's message for a create body it refuses with INVALID_REQUEST. */
async function serviceMessage(body: Record<string, unknown>): Promise<string> {
  const name = freshName('refused')
  const target = { type: 'webhook', url: 'http://127.0.0.1:9/hook', secret: 'whsec_x' }
  const response = await call('POST', '/v1/subscriptions', { name, topic, target, ...body })
  expect(response.body.error.code).toBe('INVALID_REQUEST')
  return response.body.error.message
}

const CREATE = (name: string) => ['subscriptions', 'create', name, '--topic', topic]
const WEBHOOK = ['--webhook', 'http://127.0.0.1:9/hook', '--secret', 'whsec_x']

describe("the CLI's checks say what the service says", { timeout: 60_000 }, () => {
  it.each([
    { args: ['--max-records', '0'], body: { batch: { maxRecords: '0' } }, field: 'body.batch.maxRecords' },
    {
      args: ['--max-records', '10001'],
      body: { batch: { maxRecords: '10001' } },
      field: 'body.batch.maxRecords',
    },
    {
      args: ['--max-wait-ms', '300001'],
      body: { batch: { maxWaitMs: '300001' } },
      field: 'body.batch.maxWaitMs',
    },
    { args: ['--max-attempts', '0'], body: { retry: { maxAttempts: '0' } }, field: 'body.retry.maxAttempts' },
    {
      args: ['--max-attempts', '1001'],
      body: { retry: { maxAttempts: '1001' } },
      field: 'body.retry.maxAttempts',
    },
    {
      args: ['--dead-letter-topic', 'a b'],
      body: { deadLetterTopic: 'a b' },
      field: 'body.deadLetterTopic',
    },
    { args: ['--group', '..'], body: { group: '..' }, field: 'body.group' },
  ])('$args', async ({ args, body, field }) => {
    const expected = await serviceMessage(body)
    expect(expected.startsWith(`${field} `)).toBe(true)
    const place = args[0] as string
    const run = await sluice(...CREATE(freshName('checked')), ...WEBHOOK, ...args)
    expect(run).toEqual({
      code: 1,
      stdout: '',
      stderr: `error: INVALID_REQUEST: ${place}${expected.slice(field.length)}\n`,
    })
  })

  it('--webhook and --lambda: the URL and ARN rules in the service’s words', async () => {
    const url = await serviceMessage({ target: { type: 'webhook', url: 'ftp://x/hook', secret: 's' } })
    expect(url).toBe('body.target.url must be an absolute http or https URL; got "ftp://x/hook"')
    const byUrl = await sluice(...CREATE(freshName('url')), '--webhook', 'ftp://x/hook', '--secret', 's')
    expect(byUrl.stderr).toBe(
      'error: INVALID_REQUEST: --webhook must be an absolute http or https URL; got "ftp://x/hook"\n',
    )
    const arn = await serviceMessage({ target: { type: 'lambda', functionArn: 'etas' } })
    expect(arn).toBe('body.target.functionArn must be the ARN of a Lambda function; got "etas"')
    const byArn = await sluice(...CREATE(freshName('arn')), '--lambda', 'etas')
    expect(byArn.stderr).toBe(
      'error: INVALID_REQUEST: --lambda must be the ARN of a Lambda function; got "etas"\n',
    )
  })

  it('passes what it does not check to the service, unchanged: a Lambda target on the local server', async () => {
    const functionArn = 'arn:aws:lambda:us-east-1:123456789012:function:etas'
    const expected = await serviceMessage({ target: { type: 'lambda', functionArn } })
    const run = await sluice(...CREATE(freshName('lambda')), '--lambda', functionArn)
    expect(run).toEqual({ code: 1, stdout: '', stderr: `error: INVALID_REQUEST: ${expected}\n` })
  })

  it('--start-at takes earliest, latest or an ISO 8601 date-time', async () => {
    const run = await sluice(...CREATE(freshName('start')), ...WEBHOOK, '--start-at', 'yesterday')
    expect(run.stderr).toBe(
      'error: INVALID_REQUEST: --start-at must be "earliest", "latest" or an ISO 8601 date-time from 1970 on, ' +
        'e.g. 2024-05-01T12:00:00Z; got "yesterday"\n',
    )
  })

  it.each([
    [
      'both targets',
      [...WEBHOOK, '--lambda', 'arn:aws:lambda:us-east-1:123456789012:function:f'],
      'give one of --webhook <url> and --lambda <arn>',
    ],
    ['no target', [], 'give one of --webhook <url> and --lambda <arn>'],
    [
      'a webhook without a secret',
      ['--webhook', 'http://127.0.0.1:9/hook'],
      '--webhook needs --secret <secret>',
    ],
    [
      'a secret with a Lambda target',
      ['--lambda', 'arn:aws:lambda:us-east-1:123456789012:function:f', '--secret', 's'],
      '--secret is for --webhook',
    ],
  ])('refuses %s as a usage error, with the help', async (_, args, message) => {
    const run = await sluice(...CREATE(freshName('usage')), ...args)
    expect(run.code).toBe(1)
    expect(run.stdout).toBe('')
    expect(run.stderr).toContain(`error: ${message}`)
    expect(run.stderr).toContain('Usage: sluice subscriptions create')
  })
})

describe('CLI subscriptions', { timeout: 120_000 }, () => {
  it('creates, lists, describes, pauses, resumes and deletes', async () => {
    const name = freshName('board')
    const hook = await signedWebhook(`whsec_${name}`)
    const created = await sluice(
      ...CREATE(name),
      '--webhook',
      hook.url,
      '--secret',
      `whsec_${name}`,
      '--max-records',
      '50',
      '--start-at',
      'earliest',
    )
    expect(created.code, created.stderr).toBe(0)
    expect(created.stdout).toBe(
      `Created subscription ${name}: ${topic} -> webhook ${hook.url} (group ${name}, from earliest, at-least-once)\n`,
    )

    await produce(['a', 'b', 'c'], 0)
    await produce(['d'], 1)
    await until(
      'four records delivered',
      () => hook.verified.flatMap((e) => e.records).length,
      (n) => n >= 4,
    )

    const described = await until(
      'the commits',
      async () => (await sluice('subscriptions', 'describe', name)).stdout,
      (out) => out.includes('Total lag: 0'),
    )
    const [head, targetLine, policyLine, header, ...rows] = lines(described)
    expect(head).toMatch(
      new RegExp(`^Subscription: ${name}  Topic: ${topic}  Group: ${name}  State: [^ ].*  Total lag: 0$`),
    )
    expect(targetLine).toBe(`Target: webhook ${hook.url}  Delivery: at-least-once  Started at: earliest`)
    expect(policyLine).toBe(
      'Batches: up to 50 records and 1048576 bytes, delivered at once  Retry: 10 attempts, backoff 1s to 5m  ' +
        'Dead letters: none (a record failing alone blocks its partition)',
    )
    expect(header).toMatch(
      /^PARTITION\s+COMMITTED\s+END\s+LAG\s+STATE\s+ATTEMPTS\s+LAST ERROR\s+NEXT ATTEMPT$/,
    )
    expect(rows[0]).toMatch(/^0\s+3\s+3\s+0\s+(idle|delivering)\s+0\s+-\s+-$/)
    expect(rows[1]).toMatch(/^1\s+1\s+1\s+0\s+(idle|delivering)\s+0\s+-\s+-$/)

    const listed = await sluice('subscriptions', 'list')
    expect(lines(listed.stdout)[0]).toMatch(/^NAME\s+TOPIC\s+TARGET\s+STATE\s+LAG$/)
    // A run may hold a partition for a moment (a wake looking again): `delivering` then.
    expect(listed.stdout).toMatch(
      new RegExp(`^${name}\\s+${topic}\\s+webhook ${hook.url}\\s+\\d \\w+(, \\d \\w+)?\\s+0$`, 'm'),
    )
    const json = JSON.parse((await sluice('--json', 'subscriptions', 'list')).stdout)
    expect(json).toContainEqual(
      expect.objectContaining({ name, topic, target: { type: 'webhook', url: hook.url } }),
    )

    const paused = await sluice('subscriptions', 'pause', name)
    expect(paused).toMatchObject({
      code: 0,
      stdout: `Paused subscription ${name}: nothing more is delivered until it is resumed\n`,
    })
    await produce(['e'], 0)
    expect((await sluice('subscriptions', 'describe', name)).stdout).toMatch(/^0\s+3\s+4\s+1\s+paused\s/m)
    expect((await sluice('subscriptions', 'list')).stdout).toMatch(
      new RegExp(`^${name}\\s.*\\s+paused\\s+1$`, 'm'),
    )

    const resumed = await sluice('subscriptions', 'resume', name)
    expect(resumed.stdout).toBe(`Resumed subscription ${name} from its committed offsets\n`)
    await until(
      'the record produced while paused',
      () => hook.verified.flatMap((e) => e.records).length,
      (n) => n >= 5,
    )

    const deleted = await sluice('subscriptions', 'delete', name)
    expect(deleted).toMatchObject({
      code: 0,
      stdout: `Deleted subscription ${name}; group ${name} and its offsets stay\n`,
    })
    const gone = await sluice('subscriptions', 'describe', name)
    expect(gone).toEqual({
      code: 1,
      stdout: '',
      stderr: `error: SUBSCRIPTION_NOT_FOUND: subscription '${name}' does not exist\n`,
    })
    expect((await sluice('groups', 'describe', name)).code).toBe(0)
  })

  it('describe shows a blocked partition’s attempts and last error', async () => {
    const name = freshName('blocked')
    const hook = await signedWebhook(`whsec_${name}`, () => 503)
    // Quick backoffs: the CLI sets only maxAttempts, so the rest is set through the API.
    const created = await call('POST', '/v1/subscriptions', {
      name,
      topic,
      target: { type: 'webhook', url: hook.url, secret: `whsec_${name}` },
      retry: { maxAttempts: 2, minBackoffMs: 5, maxBackoffMs: 20 },
    })
    expect(created.status).toBe(201)
    await produce(['poison'], 1)
    const described = await until(
      'the partition blocked',
      async () => (await sluice('subscriptions', 'describe', name)).stdout,
      (out) => /blocked/.test(out),
    )
    expect(described).toMatch(/^1\s+\d+\s+\d+\s+1\s+blocked\s+2\s+webhook answered 503\s+-$/m)
    expect((await sluice('subscriptions', 'list')).stdout).toMatch(
      new RegExp(`^${name}\\s.*\\s+1 blocked, 1 (idle|delivering)\\s+1$`, 'm'),
    )
    await sluice('subscriptions', 'delete', name)
  })

  it('takes the webhook secret from SLUICE_WEBHOOK_SECRET, and --json prints the service’s answer', async () => {
    const name = freshName('env')
    const hook = await signedWebhook('whsec_from_env')
    const bin = fileURLToPath(new URL('../../bin/sluice.js', import.meta.url))
    const child = spawn(
      process.execPath,
      [bin, '--url', service.url, '--json', ...CREATE(name), '--webhook', hook.url, '--exactly-once'],
      { env: { ...process.env, SLUICE_WEBHOOK_SECRET: 'whsec_from_env' }, stdio: ['ignore', 'pipe', 'pipe'] },
    )
    const run = await outputOf(child)
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).not.toContain('whsec_from_env')
    expect(JSON.parse(run.stdout)).toMatchObject({
      name,
      delivery: 'exactly-once',
      target: { url: hook.url },
    })
    await produce(['signed with the env secret'], 0)
    await until(
      'a delivery that verifies',
      () => hook.verified.length,
      (n) => n > 0,
    )
    expect(hook.received.every((d) => d.status === 200)).toBe(true)
    await sluice('subscriptions', 'delete', name)
  })
})
