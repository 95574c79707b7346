import type { Command } from '@sluice/sdk'

/**
 * The API keys endpoints (docs/api.md, API keys) as SDK commands: the SDK has no admin methods for keys,
 * and a command run by `Sluice.execute` gets the SDK's transport, retries and typed errors all the same.
 */

export type KeyAction = 'produce' | 'consume' | 'admin'

export interface Grant {
  /** `topic:<glob>`, `group:<glob>` or `cluster`. */
  resource: string
  actions: KeyAction[]
}

export interface ApiKey {
  id: string
  name: string
  grants: Grant[]
  createdAt: number
}

/** A key as created: its secret is shown this once. */
export interface CreatedKey extends ApiKey {
  secret: string
}

export const listKeys = (): Command<ApiKey[]> => ({
  request: { method: 'GET', path: '/v1/keys' },
  context: {},
  parse: (response) => (response.body as { keys: ApiKey[] }).keys,
})

export const createKey = (input: { name: string; grants: Grant[] }): Command<CreatedKey> => ({
  request: { method: 'POST', path: '/v1/keys', body: JSON.stringify(input) },
  context: {},
  parse: (response) => response.body as CreatedKey,
})

export const deleteKey = (id: string): Command<void> => ({
  request: { method: 'DELETE', path: `/v1/keys/${encodeURIComponent(id)}` },
  context: {},
  parse: () => undefined,
})
