import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { lambdaAuthenticator, ROOT_KEY_REFRESH_MS } from '../../functions/auth/from-env.js'
import { sha256Hex } from '../../functions/sha256.js'
import { createAwsClients } from '../../functions/storage/clients.js'
import { KeyStore } from '../../functions/storage/key-store.js'
import { provisionStorage } from '../../functions/storage/provision.js'
import { type SecretsManagerStandIn, startSecretsManager } from '../support/secrets-manager.js'
import { testStorage } from '../support/service.js'

// The root key as a deployed function gets it: lambdaAuthenticator reading the secret named by
// SLUICE_ROOT_KEY_SECRET_ARN, over keys stored in DynamoDB Local.
const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:SluiceRootKey-abc123-XyZ789'
let secretsManager: SecretsManagerStandIn
let keys: KeyStore
const savedEnv = { ...process.env }

beforeAll(async () => {
  secretsManager = await startSecretsManager()
  // What Lambda puts in a function's environment, with the SDK pointed at the stand-in.
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_ENDPOINT_URL_SECRETS_MANAGER: secretsManager.endpoint,
  })
  const storage = testStorage()
  const clients = createAwsClients(storage)
  await provisionStorage(clients, storage)
  keys = new KeyStore(clients.doc, storage.table)
})
afterAll(async () => {
  process.env = savedEnv
  await secretsManager.stop()
})

/** An authenticator on a clock the test moves, with its own root key in the stand-in. */
function deployed(rootKey: string) {
  const arn = `${SECRET_ARN}-${crypto.randomUUID()}`
  secretsManager.secrets.set(arn, rootKey)
  const clock = { now: 1_000_000 }
  const authenticator = lambdaAuthenticator(keys, { SLUICE_ROOT_KEY_SECRET_ARN: arn }, () => clock.now)
  return { arn, clock, authenticator }
}

const newKey = () => crypto.randomUUID().replaceAll('-', '')

describe('the root key in a deployed function', () => {
  it('is read from the secret on first use, once, and carries every grant', async () => {
    const root = newKey()
    const before = secretsManager.calls
    const { authenticator } = deployed(root)
    expect(secretsManager.calls - before).toBe(0)
    expect(await authenticator.authenticate(root)).toMatchObject({ keyId: 'root' })
    expect(await authenticator.authenticate(`${root}x`)).toBeUndefined()
    await Promise.all([authenticator.authenticate(root), authenticator.authenticate(root)])
    expect(secretsManager.calls - before).toBe(1)
  })

  it('stored keys authenticate beside it', async () => {
    const { authenticator } = deployed(newKey())
    const secret = newKey()
    await keys.create(
      {
        id: `key_${newKey()}`,
        name: 'scoped',
        grants: [{ resource: 'topic:a', actions: ['produce'] }],
        createdAt: 1,
      },
      await sha256Hex(secret),
    )
    expect(await authenticator.authenticate(secret)).toMatchObject({
      grants: [{ resource: 'topic:a', actions: ['produce'] }],
    })
  })

  it('replaced in Secrets Manager, takes over once the known one is ROOT_KEY_REFRESH_MS old', async () => {
    const [oldKey, newRoot] = [newKey(), newKey()]
    const { arn, clock, authenticator } = deployed(oldKey)
    expect(await authenticator.authenticate(oldKey)).toMatchObject({ keyId: 'root' })
    secretsManager.secrets.set(arn, newRoot)
    clock.now += ROOT_KEY_REFRESH_MS - 1
    expect(await authenticator.authenticate(oldKey)).toMatchObject({ keyId: 'root' })
    clock.now += 1
    expect(await authenticator.authenticate(newRoot)).toMatchObject({ keyId: 'root' })
    expect(await authenticator.authenticate(oldKey)).toBeUndefined()
  })

  it('Secrets Manager down at the first request: that request fails, the next one after it is back works', async () => {
    const root = newKey()
    const { authenticator } = deployed(root)
    secretsManager.down = true
    try {
      await expect(authenticator.authenticate(root)).rejects.toThrow()
    } finally {
      secretsManager.down = false
    }
    expect(await authenticator.authenticate(root)).toMatchObject({ keyId: 'root' })
  })

  it('Secrets Manager down when the known key is due for a refresh: the known key keeps working', async () => {
    const root = newKey()
    const { clock, authenticator } = deployed(root)
    expect(await authenticator.authenticate(root)).toMatchObject({ keyId: 'root' })
    clock.now += ROOT_KEY_REFRESH_MS
    secretsManager.down = true
    const callsBefore = secretsManager.calls
    try {
      expect(await authenticator.authenticate(root)).toMatchObject({ keyId: 'root' })
      expect(secretsManager.calls).toBeGreaterThan(callsBefore)
    } finally {
      secretsManager.down = false
    }
  })

  it('without SLUICE_ROOT_KEY_SECRET_ARN there is no root key, and Secrets Manager is never asked', async () => {
    const before = secretsManager.calls
    const authenticator = lambdaAuthenticator(keys, {})
    expect(await authenticator.authenticate(newKey())).toBeUndefined()
    expect(secretsManager.calls).toBe(before)
  })
})
