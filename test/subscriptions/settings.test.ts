import { describe, expect, it } from 'vitest'
import { deliveryTimingFromEnv, streamPollMsFromEnv } from '../../functions/local/timing-from-env.js'
import {
  keyFromEnv,
  keyFromTableName,
  openSecret,
  sealSecret,
  secretKeySource,
} from '../../functions/subscriptions/secret-box.js'

const key = Buffer.alloc(32, 7).toString('base64')

describe('sealed webhook secrets', () => {
  it('open with the same key and subscription only', async () => {
    const keys = keyFromEnv({ SLUICE_SUBSCRIPTION_KEY: key })
    const sealed = await sealSecret(keys, 'hook', 'whsec_abc')
    expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/)
    expect(sealed).not.toContain('whsec_abc')
    expect(await openSecret(keys, 'hook', sealed)).toBe('whsec_abc')
    // Each seal is fresh: the same secret never seals alike twice.
    expect(await sealSecret(keys, 'hook', 'whsec_abc')).not.toBe(sealed)
    await expect(openSecret(keys, 'other-hook', sealed)).rejects.toThrow()
    await expect(openSecret(keyFromTableName('t'), 'hook', sealed)).rejects.toThrow()
  })

  it('take the key from the environment, or on local stores from the table; a deployed stack needs it set', async () => {
    const local = { region: 'us-east-1', table: 't', bucket: 'b', dynamoEndpoint: 'http://127.0.0.1:1' }
    const deployed = { region: 'us-east-1', table: 't', bucket: 'b' }
    expect(await secretKeySource(local, {}).key()).toEqual(await keyFromTableName('t').key())
    expect(await secretKeySource(local, { SLUICE_SUBSCRIPTION_KEY: key }).key()).toEqual(
      Buffer.from(key, 'base64'),
    )
    await expect(secretKeySource(deployed, {}).key()).rejects.toThrow(
      'SLUICE_SUBSCRIPTION_KEY must hold 32 bytes in base64',
    )
  })
})

describe('delivery timings from the environment', () => {
  it('takes the lease, budget, timeout, recheck and stream poll, refusing what is not milliseconds', () => {
    expect(
      deliveryTimingFromEnv({
        SLUICE_DELIVERY_LEASE_MS: '3000',
        SLUICE_DELIVERY_BUDGET_MS: '60000',
        SLUICE_DELIVERY_TIMEOUT_MS: '1000',
        SLUICE_DELIVERY_RECHECK_MS: '100',
      }),
    ).toEqual({ leaseMs: 3000, budgetMs: 60000, targetTimeoutMs: 1000, stalledRecheckMs: 100 })
    expect(streamPollMsFromEnv({ SLUICE_STREAM_POLL_MS: '50' })).toBe(50)
    expect(streamPollMsFromEnv({})).toBeUndefined()
    expect(() => deliveryTimingFromEnv({ SLUICE_DELIVERY_LEASE_MS: '3000' })).toThrow(
      'SLUICE_DELIVERY_LEASE_MS (3000 ms) must be above SLUICE_DELIVERY_TIMEOUT_MS (30000 ms)',
    )
    expect(() => deliveryTimingFromEnv({ SLUICE_DELIVERY_LEASE_MS: 'long' })).toThrow(
      'SLUICE_DELIVERY_LEASE_MS must be a whole number of milliseconds above 0, not "long"',
    )
  })
})
