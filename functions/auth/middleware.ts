import type { Context, MiddlewareHandler } from 'hono'
import { SluiceError } from '../errors.js'
import type { Authenticator, Principal } from './authenticator.js'
import { type Action, allows, type ResourceKind } from './grants.js'

/** Hono context variables set by the auth middleware. */
export interface AuthEnv {
  Variables: { principal?: Principal }
}

/** Requires `Authorization: Bearer <key>` on every request it guards: 401 when missing or unknown. */
export function requireApiKey(authenticator: Authenticator): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? ''
    const match = /^Bearer\s+(\S+)$/i.exec(header)
    if (!match) throw new SluiceError('UNAUTHENTICATED', 'send an API key as Authorization: Bearer <key>')
    const principal = await authenticator.authenticate(match[1] as string)
    if (!principal) throw new SluiceError('UNAUTHENTICATED', 'unknown API key')
    c.set('principal', principal)
    await next()
  }
}

/**
 * Refuses with 403 unless the caller may do `action` on the resource. With auth off (the local server
 * on loopback) there is no principal and everything is allowed.
 */
export function authorize(c: Context<AuthEnv>, kind: ResourceKind, name: string, ...anyOf: Action[]): void {
  if (may(c, kind, name, ...anyOf)) return
  const what = kind === 'cluster' ? 'the cluster' : `${kind} '${name}'`
  throw new SluiceError(
    'FORBIDDEN',
    `this key may not ${anyOf.join(' or ')} ${what}`,
    kind === 'topic' ? { topic: name } : {},
  )
}

/** Whether the caller may do any of the actions on the resource. */
export function may(c: Context<AuthEnv>, kind: ResourceKind, name: string, ...anyOf: Action[]): boolean {
  const principal = c.get('principal')
  return !principal || anyOf.some((action) => allows(principal.grants, { kind, name }, action))
}

/** Seeing a topic's metadata takes any grant on it. */
export const ANY_ACTION: Action[] = ['produce', 'consume', 'admin']
