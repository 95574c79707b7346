import { createHttpHandler } from './http.js'

/** The groups function (members, leases, commits, transactions): the shared app, with its role from infra/. */
export const handler = createHttpHandler()
