import * as z from 'zod/mini'
import { ACTIONS, isValidResource } from '../auth/grants.js'
import { list } from './schemas.js'

export const grant = z.strictObject({
  resource: z
    .string()
    .check(z.refine(isValidResource, "must be 'topic:<glob>', 'group:<glob>' or 'cluster'")),
  actions: list(z.enum(ACTIONS as ['produce', 'consume', 'admin']), 1, ACTIONS.length, 'actions'),
})

export const createKeyBody = z.strictObject({
  name: z.string().check(z.minLength(1), z.maxLength(128)),
  grants: list(grant, 1, 100, 'grants'),
})
