import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import type { Logger } from '@aws-lambda-powertools/logger'
import { serve } from '@hono/node-server'
import { type AppOptions, createApp } from '../app/app.js'
import { CONSOLE_BUILD_DIR } from '../app/console-asset.js'
import { collectRemoved } from '../engine/janitor.js'
import { loggedEvents } from '../observability/logged-events.js'
import { requestLog } from '../observability/request-log.js'
import { createService, type ServiceDeps, type ServiceOptions } from '../service.js'
import { createAwsClients } from '../storage/clients.js'
import type { StorageConfig } from '../storage/config.js'
import { provisionStorage } from '../storage/provision.js'
import { deliverPartition } from '../subscriptions/deliver-partition.js'
import { Dispatcher } from '../subscriptions/dispatch.js'
import { type StreamConsumer, startStreamReader } from './stream-reader.js'
import { LocalWaker } from './waker.js'

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
  /**
   * Deliver subscriptions in this process: the dispatcher on the table's stream and a timer waker, as
   * the push Lambdas and schedules do in AWS. Default true, unless `engine.subscriptions.waker` is given.
   */
  delivery?: boolean
  /** How often the table's stream is read. @default 1000 */
  streamPollMs?: number
}

/** The web console as `npm run console:build` leaves it in the repository, served at /console. */
const LOCAL_CONSOLE_DIR = fileURLToPath(new URL(`../../${CONSOLE_BUILD_DIR}`, import.meta.url))

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
  const reportError = (what: string, err: unknown) =>
    logger ? logger.error(what, { error: err }) : console.error(`${what}:`, err)
  const given = options.engine?.subscriptions
  let waker: LocalWaker | undefined
  const localDelivery = options.delivery !== false && !given?.waker
  const deps = createService(options.storage, {
    ...(logger ? { events: loggedEvents(logger) } : {}),
    ...options.engine,
    clients,
    subscriptions: {
      ...given,
      ...(localDelivery
        ? {
            waker: (service: ServiceDeps) => {
              waker = new LocalWaker(
                (job, runOptions) => deliverPartition(service, job, runOptions),
                service.now,
                (err) => reportError('subscription delivery', err),
              )
              return waker
            },
          }
        : {}),
    },
  })
  const appOptions = {
    consoleDir: LOCAL_CONSOLE_DIR,
    ...(logger ? { requestLog: requestLog({ logger }) } : {}),
    ...(typeof options.app === 'function' ? options.app(deps) : options.app),
  }
  const app = createApp(deps, appOptions)
  const host = options.host ?? '127.0.0.1'
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: host, port: options.port ?? 0 }, () => resolve(s))
  })
  const consumers: StreamConsumer[] = []
  if (options.janitor !== false) consumers.push((records) => collectRemoved(deps, records))
  if (waker) {
    const dispatcher = new Dispatcher(deps)
    consumers.push((records) => dispatcher.dispatch(records))
  }
  const stream =
    consumers.length === 0
      ? undefined
      : startStreamReader(options.storage, clients.dynamo, consumers, {
          ...(options.streamPollMs === undefined ? {} : { intervalMs: options.streamPollMs }),
          onError: (err) => reportError('stream reader', err),
        })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    deps,
    async stop() {
      await stream?.stop()
      await waker?.stop()
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
