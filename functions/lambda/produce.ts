import { createHttpHandler } from './http.js'

/** The produce function: the shared app, with the produce role and sizing from infra/. */
export const handler = createHttpHandler()
