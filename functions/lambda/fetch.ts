import { createHttpHandler } from './http.js'

/** The fetch function: the shared app, with the fetch role and sizing from infra/. */
export const handler = createHttpHandler()
