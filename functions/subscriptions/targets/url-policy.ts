import { lookup } from 'node:dns/promises'
import { isIP } from 'node:net'
import { nonPublicReason } from './ip-ranges.js'

export interface ResolvedAddress {
  address: string
  family: 4 | 6
}

/** Every address a host name resolves to (tests inject their own). */
export type HostResolver = (hostname: string) => Promise<ResolvedAddress[]>

/** Where webhooks may go (docs/api.md). */
export interface UrlPolicy {
  /** The local server also delivers to loopback: http or https on 127.0.0.1, localhost or [::1]. */
  allowLoopback: boolean
  resolve: HostResolver
}

export const systemResolver: HostResolver = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((a) => ({
    address: a.address,
    family: a.family === 6 ? 6 : 4,
  }))

/** A deployed stack's policy: https to public addresses only. */
export const deployedUrlPolicy = (resolve: HostResolver = systemResolver): UrlPolicy => ({
  allowLoopback: false,
  resolve,
})

/** The local server's: a deployed stack's, and loopback too. */
export const localUrlPolicy = (resolve: HostResolver = systemResolver): UrlPolicy => ({
  allowLoopback: true,
  resolve,
})

/** A URL the policy let through, with the addresses it was checked at: the only ones to connect to. */
export interface CheckedUrl {
  url: URL
  addresses: ResolvedAddress[]
}

/** A URL the policy refuses; `rule` completes "url ...", e.g. `must use https`. */
export class UrlRefused extends Error {
  constructor(readonly rule: string) {
    super(`url ${rule}`)
    this.name = 'UrlRefused'
  }
}

const LOOPBACK: Record<string, ResolvedAddress[]> = {
  '127.0.0.1': [{ address: '127.0.0.1', family: 4 }],
  '[::1]': [{ address: '::1', family: 6 }],
  localhost: [
    { address: '127.0.0.1', family: 4 },
    { address: '::1', family: 6 },
  ],
}

/**
 * Checks a webhook URL against the policy, at create and change time and again at every delivery
 * (DNS may answer otherwise by then): https, no credentials, and a host whose every address is public;
 * or, on the local server, loopback. Answers the addresses to connect to, so that a later lookup
 * cannot swap in another.
 */
export async function checkWebhookUrl(policy: UrlPolicy, raw: string): Promise<CheckedUrl> {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new UrlRefused('must be an absolute http or https URL')
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new UrlRefused('must be an absolute http or https URL')
  }
  if (url.username || url.password) throw new UrlRefused('must not carry a user name or password')
  const loopback = LOOPBACK[url.hostname]
  if (policy.allowLoopback && loopback) return { url, addresses: loopback }
  if (url.protocol !== 'https:') {
    throw new UrlRefused(
      policy.allowLoopback ? 'must use https (or http on 127.0.0.1 or localhost)' : 'must use https',
    )
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1')
  const addresses = isIP(host)
    ? [{ address: host, family: isIP(host) as 4 | 6 }]
    : await resolved(policy, host)
  for (const { address } of addresses) {
    const reason = nonPublicReason(address)
    if (reason === undefined) continue
    const via = address === host ? '' : `"${host}" resolves to `
    throw new UrlRefused(`must reach public addresses only; ${via}${address} is not (${reason})`)
  }
  return { url, addresses }
}

async function resolved(policy: UrlPolicy, host: string): Promise<ResolvedAddress[]> {
  let addresses: ResolvedAddress[]
  try {
    addresses = await policy.resolve(host)
  } catch (err) {
    const code = (err as { code?: string }).code
    throw new UrlRefused(`must have a host that resolves; "${host}" did not${code ? ` (${code})` : ''}`)
  }
  if (addresses.length === 0) throw new UrlRefused(`must have a host that resolves; "${host}" has no address`)
  return addresses
}
