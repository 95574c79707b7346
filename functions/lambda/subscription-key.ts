import { hkdfSync } from 'node:crypto'
import { readSecret } from '../auth/from-env.js'
import type { SecretKeySource } from '../subscriptions/secret-box.js'

/**
 * The key webhook secrets are sealed with, from a Secrets Manager secret the stack generates (never in
 * the template): HKDF-SHA256 of its string, so any generated string of enough entropy makes a 32-byte
 * AES key. Read on first use (a webhook created, changed or delivered) and kept: it never changes, since
 * every sealed secret needs it to open. A failed read is tried again on the next use.
 */
export function secretsManagerKey(secretArn: string): SecretKeySource {
  let key: Promise<Uint8Array> | undefined
  return {
    key() {
      key ??= readKey(secretArn).catch((err: unknown) => {
        key = undefined
        throw err
      })
      return key
    },
  }
}

async function readKey(secretArn: string): Promise<Uint8Array> {
  const secret = await readSecret(secretArn)
  if (!secret) throw new Error('the subscription key secret holds no string')
  return new Uint8Array(hkdfSync('sha256', secret, '', 'sluice webhook secrets', 32))
}
