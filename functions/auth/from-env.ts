import { sha256Hex } from '../sha256.js'
import type { KeyStore } from '../storage/key-store.js'
import { Authenticator } from './authenticator.js'

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

/** How long a function trusts the root key it read: a key replaced in Secrets Manager works within this. */
export const ROOT_KEY_REFRESH_MS = 5 * 60_000

/**
 * Auth in AWS is always on. The root key lives in Secrets Manager (generated at deploy, never in the
 * template); the function reads it on its first authenticated request, keeps only its hash, and reads it
 * again once that is ROOT_KEY_REFRESH_MS old, so replacing the secret takes effect without a redeploy.
 */
export function lambdaAuthenticator(keys: KeyStore, env = process.env, now = Date.now): Authenticator {
  const secretArn = env.SLUICE_ROOT_KEY_SECRET_ARN
  if (!secretArn) return new Authenticator({ keys, rootKeyHash: undefined })
  const rootKey = new RootKeyHash(secretArn, now)
  // A getter, so that the Authenticator asks for the current hash on every request.
  return new Authenticator({
    keys,
    get rootKeyHash() {
      return rootKey.current()
    },
  })
}

/** The root key's hash, read from Secrets Manager when missing or stale; concurrent requests share a read. */
class RootKeyHash {
  private known: { hash: string | undefined; at: number } | undefined
  private reading: Promise<string | undefined> | undefined

  constructor(
    private readonly secretArn: string,
    private readonly now: () => number,
  ) {}

  current(): Promise<string | undefined> {
    const known = this.known
    if (known && this.now() - known.at < ROOT_KEY_REFRESH_MS) return Promise.resolve(known.hash)
    this.reading ??= this.read().finally(() => {
      this.reading = undefined
    })
    // Secrets Manager unreachable: a stale hash beats refusing every request; with none, the request fails
    // (500) and the next one tries again.
    return known ? this.reading.catch(() => known.hash) : this.reading
  }

  private async read(): Promise<string | undefined> {
    const secret = await readSecret(this.secretArn)
    const hash = secret ? await sha256Hex(secret) : undefined
    this.known = { hash, at: this.now() }
    return hash
  }
}

/**
 * Reads a secret's string. The Secrets Manager client is imported here, on first use, so that loading a
 * function does not load it (bench/deploy.ts measures what a cold start loads).
 */
export async function readSecret(secretArn: string): Promise<string | undefined> {
  const { GetSecretValueCommand, SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager')
  const client = new SecretsManagerClient({})
  try {
    return (await client.send(new GetSecretValueCommand({ SecretId: secretArn }))).SecretString
  } finally {
    client.destroy()
  }
}
