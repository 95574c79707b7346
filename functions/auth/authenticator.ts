import { timingSafeEqual } from 'node:crypto'
import { sha256Hex } from '../sha256.js'
import type { ApiKey, KeyStore } from '../storage/key-store.js'
import { ALL_GRANTS, type Grant } from './grants.js'

/** Who is calling: a stored key, or the root key with every grant. */
export interface Principal {
  keyId: string
  grants: readonly Grant[]
}

export interface AuthenticatorOptions {
  keys: KeyStore
  /** SHA-256 of the root key (in AWS read from Secrets Manager on first use); undefined when there is none. */
  rootKeyHash: Promise<string | undefined> | string | undefined
  /**
   * How long a looked-up key is trusted without asking DynamoDB again. A key deleted through this
   * process is refused at once; other processes (other Lambda instances) refuse it within this window.
   * Default 5000.
   */
  cacheMs?: number
  now?: () => number
}

/** Turns a bearer secret into a principal. Secrets are random 256-bit values, so a plain SHA-256 suffices. */
export class Authenticator {
  private readonly cache = new Map<string, { key: ApiKey | undefined; at: number }>()

  constructor(private readonly options: AuthenticatorOptions) {}

  async authenticate(secret: string): Promise<Principal | undefined> {
    const hash = await sha256Hex(secret)
    const rootKeyHash = await this.options.rootKeyHash
    if (rootKeyHash && timingSafeEqual(Buffer.from(hash), Buffer.from(rootKeyHash))) {
      return { keyId: 'root', grants: ALL_GRANTS }
    }
    const now = (this.options.now ?? Date.now)()
    let cached = this.cache.get(hash)
    if (!cached || now - cached.at > (this.options.cacheMs ?? 5000)) {
      cached = { key: await this.options.keys.findBySecretHash(hash), at: now }
      this.cache.set(hash, cached)
    }
    return cached.key ? { keyId: cached.key.id, grants: cached.key.grants } : undefined
  }

  /** Forget every cached lookup, e.g. after a key was deleted here. */
  forget(): void {
    this.cache.clear()
  }
}
