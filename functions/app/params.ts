import type { Context } from 'hono'
import type { Action } from '../auth/grants.js'
import { type AuthEnv, authorize } from '../auth/middleware.js'
import { name } from './schemas.js'
import { parse } from './validate.js'

/** The topic named in the path, validated, once the caller may do one of `anyOf` on it. */
export const topicParam = (c: Context<AuthEnv>, ...anyOf: Action[]): string => namedParam(c, 'topic', anyOf)

/**
 * The group named in the path, once the caller may do one of `anyOf` on it (docs/api.md: consume to use a
 * group's members, leases and offsets; admin to reset or delete it).
 */
export const groupParam = (c: Context<AuthEnv>, ...anyOf: Action[]): string => namedParam(c, 'group', anyOf)

function namedParam(c: Context<AuthEnv>, kind: 'topic' | 'group', anyOf: Action[]): string {
  const value = parse(name, c.req.param(kind), kind)
  authorize(c, kind, value, ...anyOf)
  return value
}
