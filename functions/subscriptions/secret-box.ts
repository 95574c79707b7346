import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto'
import type { StorageConfig } from '../storage/config.js'

/** Where the key that seals webhook secrets comes from: 32 bytes for AES-256-GCM. */
export interface SecretKeySource {
  key(): Promise<Uint8Array>
}

const VERSION = 'v1'
const KEY_BYTES = 32
const IV_BYTES = 12

/**
 * Seals a webhook secret for the table: AES-256-GCM under the service's key, bound to the subscription
 * (its name is the additional data), so a sealed secret copied to another subscription does not open.
 * `v1.<iv>.<tag>.<ciphertext>`, each base64url.
 */
export async function sealSecret(
  keys: SecretKeySource,
  subscription: string,
  secret: string,
): Promise<string> {
  const iv = randomBytes(IV_BYTES)
  const cipher = createCipheriv('aes-256-gcm', await keys.key(), iv)
  cipher.setAAD(Buffer.from(subscription))
  const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()])
  return [VERSION, iv, cipher.getAuthTag(), sealed]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.')
}

/** The secret `sealSecret` sealed; throws when the key or the subscription is not the one it was sealed with. */
export async function openSecret(
  keys: SecretKeySource,
  subscription: string,
  sealed: string,
): Promise<string> {
  const [version, iv, tag, data] = sealed.split('.')
  if (version !== VERSION || iv === undefined || tag === undefined || data === undefined) {
    throw new Error('a sealed secret of an unknown form')
  }
  const decipher = createDecipheriv('aes-256-gcm', await keys.key(), Buffer.from(iv, 'base64url'))
  decipher.setAAD(Buffer.from(subscription))
  decipher.setAuthTag(Buffer.from(tag, 'base64url'))
  return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8')
}

/** The variable holding the key, base64: set in AWS from a secret the stack owns. */
export const SUBSCRIPTION_KEY_VARIABLE = 'SLUICE_SUBSCRIPTION_KEY'

/** A key given in the environment, as 32 bytes in base64. */
export function keyFromEnv(env: Record<string, string | undefined> = process.env): SecretKeySource {
  const raw = env[SUBSCRIPTION_KEY_VARIABLE]
  return {
    async key() {
      const key = Buffer.from(raw ?? '', 'base64')
      if (key.length !== KEY_BYTES) {
        throw new Error(`${SUBSCRIPTION_KEY_VARIABLE} must hold ${KEY_BYTES} bytes in base64`)
      }
      return key
    },
  }
}

/**
 * A key derived from the table's name, for local stores only: every local instance on the same table
 * (a local cluster) derives the same one, across restarts. It keeps secrets out of plain sight in the
 * table, no more: whoever reads the local table can derive it too.
 */
export function keyFromTableName(table: string): SecretKeySource {
  const key = createHash('sha256').update(`sluice local subscription secrets\n${table}`).digest()
  return { key: async () => key }
}

/**
 * The service's key: the environment's when set; else, on local stores, one derived from the table;
 * a deployed stack without it cannot seal or open a secret (creating a webhook subscription fails).
 */
export function secretKeySource(
  config: StorageConfig,
  env: Record<string, string | undefined> = process.env,
): SecretKeySource {
  if (env[SUBSCRIPTION_KEY_VARIABLE] || !config.dynamoEndpoint) return keyFromEnv(env)
  return keyFromTableName(config.table)
}
