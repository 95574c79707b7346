/** SHA-256 of a string's UTF-8 bytes, in hex: API-key hashes and Idempotency-Key body hashes. */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))
  return Buffer.from(digest).toString('hex')
}
