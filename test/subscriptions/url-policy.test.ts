import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningService } from '../../functions/local/serve.js'
import { createSubscription } from '../../functions/subscriptions/create.js'
import { deliverPartition } from '../../functions/subscriptions/deliver-partition.js'
import { describeSubscription } from '../../functions/subscriptions/describe.js'
import {
  checkWebhookUrl,
  deployedUrlPolicy,
  type HostResolver,
  localUrlPolicy,
  type ResolvedAddress,
} from '../../functions/subscriptions/targets/url-policy.js'
import { createTopic, produce } from '../groups/support.js'
import type { api } from '../support/http.js'
import { startDrivenService, startWebhook, webhookSubscription } from './support.js'

/** DNS as the tests say: names under `.example` resolve to what this table holds. */
const dns: Record<string, ResolvedAddress[]> = {
  'public.example': [{ address: '93.184.215.14', family: 4 }],
  'private.example': [{ address: '10.1.2.3', family: 4 }],
  'mixed.example': [
    { address: '93.184.215.14', family: 4 },
    { address: '127.0.0.1', family: 4 },
  ],
  'v6-ula.example': [{ address: 'fd12::1', family: 6 }],
  localhost: [{ address: '127.0.0.1', family: 4 }],
}
const resolver: HostResolver = async (host) => {
  const found = dns[host]
  if (!found) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' })
  return found
}

const refusedWhenDeployed: [string, RegExp][] = [
  ['http://169.254.169.254/', /must use https/],
  ['https://169.254.169.254/latest/meta-data/', /169\.254\.169\.254 is not \(link-local\)/],
  ['https://10.0.0.1/', /10\.0\.0\.1 is not \(private\)/],
  ['https://172.16.5.4/', /\(private\)/],
  ['https://192.168.1.1/', /\(private\)/],
  ['https://100.64.0.1/', /\(shared address space \(CGNAT\)\)/],
  ['https://127.0.0.1/', /\(loopback\)/],
  ['https://[::1]/', /::1 is not \(loopback\)/],
  ['https://[::]/', /\(unspecified\)/],
  ['https://0.0.0.0/', /\(unspecified\)/],
  ['https://224.0.0.1/', /\(multicast\)/],
  ['https://[ff02::1]/', /\(multicast\)/],
  ['https://[fe80::1]/', /\(link-local\)/],
  ['https://[fd00::1]/', /\(unique-local\)/],
  ['https://[::ffff:10.0.0.1]/', /\(IPv4-mapped private\)/],
  ['https://[::ffff:127.0.0.1]/', /\(IPv4-mapped loopback\)/],
  ['https://localhost/', /"localhost" resolves to 127\.0\.0\.1 is not \(loopback\)/],
  ['https://private.example/hook', /"private\.example" resolves to 10\.1\.2\.3 is not \(private\)/],
  ['https://mixed.example/hook', /"mixed\.example" resolves to 127\.0\.0\.1 is not \(loopback\)/],
  ['https://v6-ula.example/', /\(unique-local\)/],
  ['https://nowhere.example/', /must have a host that resolves; "nowhere\.example" did not \(ENOTFOUND\)/],
  ['https://user:pass@public.example/', /must not carry a user name or password/],
  ['ftp://public.example/', /must be an absolute http or https URL/],
  ['not a url', /must be an absolute http or https URL/],
]

describe('the webhook URL policy', () => {
  const deployed = deployedUrlPolicy(resolver)
  const local = localUrlPolicy(resolver)

  it.each(refusedWhenDeployed)('refuses %s on a deployed stack', async (url, rule) => {
    await expect(checkWebhookUrl(deployed, url)).rejects.toThrow(rule)
  })

  it('lets https to public addresses through, with the addresses checked to connect to', async () => {
    expect((await checkWebhookUrl(deployed, 'https://public.example/hook')).addresses).toEqual(
      dns['public.example'],
    )
    expect((await checkWebhookUrl(deployed, 'https://[2606:4700::1111]/')).addresses).toEqual([
      { address: '2606:4700::1111', family: 6 },
    ])
    expect((await checkWebhookUrl(deployed, 'https://[::ffff:93.184.215.14]/')).url.hostname).toBe(
      '[::ffff:5db8:d70e]',
    )
  })

  it('also lets the local server deliver to loopback, over http too, and to nothing else private', async () => {
    for (const url of [
      'http://127.0.0.1:8080/hook',
      'https://127.0.0.1/',
      'http://localhost:3000/',
      'http://[::1]:9/',
    ]) {
      await expect(checkWebhookUrl(local, url)).resolves.toMatchObject({ url: new URL(url) })
    }
    await expect(checkWebhookUrl(local, 'http://10.0.0.1/')).rejects.toThrow(
      'must use https (or http on 127.0.0.1 or localhost)',
    )
    await expect(checkWebhookUrl(local, 'https://10.0.0.1/')).rejects.toThrow(/\(private\)/)
    await expect(checkWebhookUrl(local, 'http://127.0.0.2/')).rejects.toThrow(/must use https/)
  })
})

describe('a deployed stack', () => {
  let service: RunningService
  let call: ReturnType<typeof api>
  /** What `hook.example` resolves to: the test changes it between create and delivery. */
  let hookAddress = '93.184.215.14'

  beforeAll(async () => {
    const policy = deployedUrlPolicy(async (host) =>
      host === 'hook.example' ? [{ address: hookAddress, family: 4 }] : resolver(host),
    )
    ;({ service, call } = await startDrivenService({ subscriptions: { urlPolicy: policy } }))
    await createTopic(call, 'guarded', 1)
  })
  afterAll(async () => {
    await service.stop()
  })

  it('refuses to create a webhook subscription to a private address, naming the rule (400)', async () => {
    const create = (url: string) =>
      createSubscription(service.deps, webhookSubscription('guarded-hook', 'guarded', url))
    await expect(create('https://private.example/hook')).rejects.toMatchObject({
      status: 400,
      code: 'INVALID_REQUEST',
      message:
        'body.target.url must reach public addresses only; "private.example" resolves to 10.1.2.3 is not (private); got "https://private.example/hook"',
    })
    await expect(create('http://127.0.0.1:9/')).rejects.toMatchObject({
      status: 400,
      message: 'body.target.url must use https; got "http://127.0.0.1:9/"',
    })
    expect(await service.deps.subscriptions.get('guarded-hook')).toBeUndefined()
  })

  it('checks the URL again at delivery: a host that now resolves to a private address is not reached', async () => {
    await createSubscription(
      service.deps,
      webhookSubscription('rebound-hook', 'guarded', 'https://hook.example/', {
        retry: { maxAttempts: 5, minBackoffMs: 1, maxBackoffMs: 1 },
      }),
    )
    hookAddress = '169.254.169.254'
    await produce(call, 'guarded', 0, ['g0'])
    expect(
      await deliverPartition(service.deps, { subscription: 'rebound-hook', partition: 0 }),
    ).toMatchObject({
      outcome: 'retrying',
      delivered: 0,
    })
    expect((await describeSubscription(service.deps, 'rebound-hook')).partitions[0]).toMatchObject({
      state: 'retrying',
      attempts: 1,
      lastError:
        'url must reach public addresses only; "hook.example" resolves to 169.254.169.254 is not (link-local)',
    })
  })
})

describe('the local server', () => {
  it('connects to the addresses it checked: localhost reaches the loopback webhook', async () => {
    const { service, call } = await startDrivenService()
    const hook = await startWebhook()
    try {
      await createTopic(call, 'pinned', 1)
      await createSubscription(
        service.deps,
        webhookSubscription('pinned-hook', 'pinned', hook.url.replace('127.0.0.1', 'localhost')),
      )
      await produce(call, 'pinned', 0, ['p0'])
      expect(
        await deliverPartition(service.deps, { subscription: 'pinned-hook', partition: 0 }),
      ).toMatchObject({
        outcome: 'idle',
        delivered: 1,
      })
      expect(hook.received).toHaveLength(1)
    } finally {
      await hook.close()
      await service.stop()
    }
  })
})
