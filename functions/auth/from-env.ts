import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import type { KeyStore } from '../storage/key-store.js'
import { Authenticator, sha256Hex } from './authenticator.js'

/**
 * Auth for the local server: off unless SLUICE_AUTH=on, and then SLUICE_ROOT_KEY is the key with
 * every grant. Returns undefined when auth is off.
 */
export function localAuthenticator(keys: KeyStore, env = process.env): Authenticator | undefined {
  if (env.SLUICE_AUTH !== 'on') return undefined
  const root = env.SLUICE_ROOT_KEY
  if (!root || root.length < 16) {
    throw new Error('SLUICE_AUTH=on needs SLUICE_ROOT_KEY, a secret of at least 16 characters')
  }
  return new Authenticator({ keys, rootKeyHash: sha256Hex(root) })
}

/**
 * Auth in AWS is always on. The root key lives in Secrets Manager (generated at deploy, never in the
 * template); the function reads it once, on its first authenticated request, and keeps only its hash.
 */
export function lambdaAuthenticator(keys: KeyStore, env = process.env): Authenticator {
  const secretArn = env.SLUICE_ROOT_KEY_SECRET_ARN
  const rootKeyHash = secretArn ? readRootKeyHash(secretArn) : Promise.resolve(undefined)
  rootKeyHash.catch(() => undefined)
  return new Authenticator({ keys, rootKeyHash })
}

async function readRootKeyHash(secretArn: string): Promise<string | undefined> {
  const client = new SecretsManagerClient({})
  const out = await client.send(new GetSecretValueCommand({ SecretId: secretArn }))
  client.destroy()
  return out.SecretString ? sha256Hex(out.SecretString) : undefined
}
