import type { AddressInfo } from 'node:net'
import type { Logger } from '@aws-lambda-powertools/logger'
import { serve } from '@hono/node-server'
import { type AppOptions, createApp } from '../app/app.js'
import { loggedEvents } from '../observability/logged-events.js'
import { requestLog } from '../observability/request-log.js'
import { createService, type ServiceDeps, type ServiceOptions } from '../service.js'
import { createAwsClients } from '../storage/clients.js'
import type { StorageConfig } from '../storage/config.js'
import { provisionStorage } from '../storage/provision.js'
import { startStreamJanitor } from './stream-janitor.js'

export interface ServeOptions {
  storage: StorageConfig
  host?: string
  /** 0 picks a free port. */
  port?: number
  /** How the service's engine and stores are built (clients, timings, clocks, a wrap of the stores). */
  engine?: ServiceOptions
  /** App options; `authenticator` may be built from the engine's key store once it exists. */
  app?: AppOptions | ((deps: ServiceDeps) => AppOptions)
  /** Run the retention janitor on the table's stream, as the janitor Lambda does in AWS. Default true. */
  janitor?: boolean
  /**
   * Where requests, errors and (at DEBUG) the service's events are logged, as the functions log them in
   * AWS. Without one (tests), nothing is logged but unexpected errors, to the console.
   */
  logger?: Logger
}

export interface RunningService {
  url: string
  deps: ServiceDeps
  stop(): Promise<void>
}

/** Provisions the table and bucket, then serves the app on Node: what `npm start` and the tests run. */
export async function serveSluice(options: ServeOptions): Promise<RunningService> {
  const ownClients = !options.engine?.clients
  const clients = options.engine?.clients ?? createAwsClients(options.storage)
  await provisionStorage(clients, options.storage)
  const { logger } = options
  const deps = createService(options.storage, {
    ...(logger ? { events: loggedEvents(logger) } : {}),
    ...options.engine,
    clients,
  })
  const appOptions = typeof options.app === 'function' ? options.app(deps) : options.app
  const app = createApp(deps, logger ? { requestLog: requestLog({ logger }), ...appOptions } : appOptions)
  const host = options.host ?? '127.0.0.1'
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: host, port: options.port ?? 0 }, () => resolve(s))
  })
  const janitor =
    options.janitor === false
      ? undefined
      : startStreamJanitor(options.storage, clients.dynamo, deps, {
          onError: (err) =>
            logger ? logger.error('stream janitor', { error: err }) : console.error('stream janitor:', err),
        })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    deps,
    async stop() {
      await janitor?.stop()
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        if ('closeAllConnections' in server) server.closeAllConnections()
      })
      // Clients passed in belong to the caller, who may share them between services.
      if (ownClients) {
        clients.dynamo.destroy()
        clients.s3.destroy()
      }
    },
  }
}
