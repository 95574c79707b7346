import type { Grant } from './grants.js'

/** An API key as stored: never its secret, only the secret's SHA-256. */
export interface ApiKey {
  id: string
  name: string
  grants: Grant[]
  createdAt: number
}
