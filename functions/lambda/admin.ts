import { createHttpHandler } from './http.js'

/** The admin function: the shared app, with the admin role and sizing from infra/. */
export const handler = createHttpHandler()
