/** What the first request under an Idempotency-Key answered, and a hash of its body. */
export interface IdempotencyRecord {
  bodyHash: string
  response: unknown
  expiresAt: number
}
