import { timingSafeEqual } from 'node:crypto'
import { sha256Hex } from '../sha256.js'
import type { KeyStore } from '../storage/key-store.js'
import type { ApiKey } from './api-key.js'
import { ALL_GRANTS, type Grant } from './grants.js'

/** Who is calling: a stored key, or the root key with every grant. */
export interface Principal {
  keyId: string
  grants: readonly Grant[]
}

/**
 * How long a process trusts a key it looked up without asking DynamoDB again: a key deleted through
 * another process (another Lambda instance) is refused by this one within this many ms; the process
 * that deleted it refuses it at once. A busy instance pays one consistent read (one read unit) per key
 * per window, where a read per request would pay one per request. Four seconds keeps the idle consumer
 * of docs/groups.md, keys included, within its bar (`cost.idleConsumer.bar`); a second would not.
 */
export const KEY_TRUST_MS = 4000

/** Lookups remembered at most: a stream of unknown secrets must not grow the cache without bound. */
const MAX_REMEMBERED = 10_000

export interface AuthenticatorOptions {
  keys: KeyStore
  /** SHA-256 of the root key (in AWS read from Secrets Manager on first use); undefined when there is none. */
  rootKeyHash: Promise<string | undefined> | string | undefined
  now?: () => number
}

/** Turns a bearer secret into a principal. Secrets are random 256-bit values, so a plain SHA-256 suffices. */
export class Authenticator {
  /** Lookups by secret hash, and when each was asked (before the read, so the window counts from then). */
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
    if (!cached || now - cached.at >= KEY_TRUST_MS) {
      cached = { key: await this.options.keys.findBySecretHash(hash), at: now }
      this.remember(hash, cached, now)
    }
    return cached.key ? { keyId: cached.key.id, grants: cached.key.grants } : undefined
  }

  private remember(hash: string, lookup: { key: ApiKey | undefined; at: number }, now: number) {
    if (this.cache.size >= MAX_REMEMBERED) {
      for (const [h, { at }] of this.cache) if (now - at >= KEY_TRUST_MS) this.cache.delete(h)
      if (this.cache.size >= MAX_REMEMBERED) this.cache.clear()
    }
    this.cache.set(hash, lookup)
  }

  /** Forget every cached lookup, e.g. after a key was deleted here. */
  forget(): void {
    this.cache.clear()
  }
}
