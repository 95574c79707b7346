import { Hono } from 'hono'
import type { Authenticator } from '../../auth/authenticator.js'
import { ALL_GRANTS, covers } from '../../auth/grants.js'
import { type AuthEnv, authorize } from '../../auth/middleware.js'
import { SluiceError } from '../../errors.js'
import { sha256Hex } from '../../sha256.js'
import type { KeyStore } from '../../storage/key-store.js'
import { createKeyBody } from '../key-schemas.js'
import { parse, readJsonBody } from '../validate.js'

const base64url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url')

/** API keys: only cluster admins manage them, and a key never mints one broader than itself. */
export function keyRoutes(keys: KeyStore, authenticator: Authenticator | undefined, now: () => number) {
  return new Hono<AuthEnv>()
    .post('/', async (c) => {
      authorize(c, 'cluster', '', 'admin')
      const body = parse(createKeyBody, (await readJsonBody(c)).json, 'body')
      const held = c.get('principal')?.grants ?? ALL_GRANTS
      if (!covers(held, body.grants)) {
        throw new SluiceError('FORBIDDEN', 'a key cannot grant more than the key that creates it')
      }
      const id = `key_${base64url(crypto.getRandomValues(new Uint8Array(9)))}`
      const secret = `sluice_${base64url(crypto.getRandomValues(new Uint8Array(32)))}`
      const key = { id, name: body.name, grants: body.grants, createdAt: now() }
      await keys.create(key, await sha256Hex(secret))
      return c.json({ ...key, secret }, 201)
    })
    .get('/', async (c) => {
      authorize(c, 'cluster', '', 'admin')
      return c.json({ keys: await keys.list() })
    })
    .delete('/:id', async (c) => {
      authorize(c, 'cluster', '', 'admin')
      if (!(await keys.delete(c.req.param('id')))) {
        throw new SluiceError('NOT_FOUND', `no API key '${c.req.param('id')}'`)
      }
      authenticator?.forget()
      return c.body(null, 204)
    })
}
