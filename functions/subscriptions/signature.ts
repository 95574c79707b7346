import { createHmac } from 'node:crypto'

/**
 * The `Sluice-Signature` header of a webhook delivery (docs/api.md): `t=<unix ms>,v1=<hex HMAC-SHA256
 * of "<t>.<body>" with the secret>`. The time in it lets a receiver refuse old replays.
 */
export function signatureHeader(secret: string, body: string, timestampMs: number): string {
  const mac = createHmac('sha256', secret).update(`${timestampMs}.${body}`).digest('hex')
  return `t=${timestampMs},v1=${mac}`
}
