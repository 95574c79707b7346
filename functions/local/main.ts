import { resolve } from 'node:path'
import type { Logger } from '@aws-lambda-powertools/logger'
import type { AppOptions } from '../app/app.js'
import { localAuthenticator } from '../auth/from-env.js'
import { createLogger } from '../observability/logger.js'
import { ReadableLogger } from '../observability/readable-logger.js'
import { type StorageConfig, storageConfigFromEnv } from '../storage/config.js'
import type { KeyStore } from '../storage/key-store.js'
import { JavaMissingError, startEmulators } from './emulators.js'
import { serveSluice } from './serve.js'
import { deliveryTimingFromEnv, engineTimingFromEnv, streamPollMsFromEnv } from './timing-from-env.js'

/** Signals that stop the service: Ctrl-C, `docker stop` and Kubernetes, a closed terminal. */
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const

/** How often the process checks that whoever started it (npm, a shell) is still there. */
const PARENT_CHECK_MS = 500

/**
 * `npm start`: the API on HOST:PORT, over the stores SLUICE_DYNAMODB_ENDPOINT and SLUICE_S3_ENDPOINT
 * name, or else over a DynamoDB Local and an s3rver of its own under SLUICE_DATA_DIR. A stop signal,
 * or the end of the process that started it, stops everything it started, also while it is starting.
 */
async function main() {
  // Node 20 is supported (package.json engines): the AWS SDK's notice that its releases after
  // January 2027 need Node 22 is not for every start of a local server.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
  const host = process.env.HOST ?? '127.0.0.1'
  const port = Number(process.env.PORT ?? 4100)
  if (!isLoopback(host) && process.env.SLUICE_AUTH !== 'on') {
    throw new Error(
      `refusing to serve on ${host} without auth: set SLUICE_AUTH=on and SLUICE_ROOT_KEY, or bind to 127.0.0.1`,
    )
  }
  const timing = {
    engine: engineTimingFromEnv(),
    delivery: deliveryTimingFromEnv(),
    streamPollMs: streamPollMsFromEnv(),
  }
  // A person at a terminal reads lines; anything else (a pipe, a file, a log shipper) gets JSON lines.
  const logger = process.stdout.isTTY ? new ReadableLogger() : createLogger()
  const running = start(storageConfigFromEnv(), { host, port, timing, logger })
  let stopping = false
  const stop = async (reason: string) => {
    if (stopping) return
    stopping = true
    process.stdout.write(`\n${reason}: stopping Sluice\n`)
    // A start that failed has stopped what it started; one under way is stopped once up.
    const started = await running.catch(() => undefined)
    await started?.service.stop()
    await started?.stores.stop()
    process.exit(0)
  }
  for (const signal of STOP_SIGNALS) process.on(signal, () => void stop(signal))
  watchParent(() => void stop('parent process gone'))
  const { service, stores } = await running
  if (stopping) return
  process.stdout.write(`Sluice is running at ${service.url} (${stores.description})\n`)
  process.stdout.write(`Console at ${service.url}/console/, API reference at ${service.url}/docs\n`)
}

async function start(
  configured: StorageConfig,
  options: {
    host: string
    port: number
    timing: {
      engine: ReturnType<typeof engineTimingFromEnv>
      delivery: ReturnType<typeof deliveryTimingFromEnv>
      streamPollMs: number | undefined
    }
    logger: Logger
  },
) {
  const stores = await openStores(configured)
  try {
    const service = await serveSluice({
      storage: stores.storage,
      host: options.host,
      port: options.port,
      engine: { timing: options.timing.engine, subscriptions: { timing: options.timing.delivery } },
      ...(options.timing.streamPollMs === undefined ? {} : { streamPollMs: options.timing.streamPollMs }),
      app: (deps) => authOptions(deps.keys),
      logger: options.logger,
    })
    return { service, stores }
  } catch (err) {
    await stores.stop()
    throw err
  }
}

/**
 * Calls `gone` once the parent process has ended: a parent killed outright (npm with SIGKILL), or a
 * shell in between that a signal ended without passing it on, sends this process nothing.
 */
function watchParent(gone: () => void): void {
  const parent = process.ppid
  const check = setInterval(() => {
    if (process.ppid === parent) return
    clearInterval(check)
    gone()
  }, PARENT_CHECK_MS)
  check.unref()
}

interface Stores {
  storage: StorageConfig
  description: string
  stop(): Promise<void>
}

/**
 * The stores named in the environment, shared with whoever else uses them (other instances, a dev
 * table in AWS); or, with neither named, stand-ins of this process's own.
 */
async function openStores(configured: StorageConfig): Promise<Stores> {
  const { dynamoEndpoint, s3Endpoint, table, bucket } = configured
  if (dynamoEndpoint && s3Endpoint) {
    return {
      storage: configured,
      description: `table ${table} at ${dynamoEndpoint}, bucket ${bucket} at ${s3Endpoint}`,
      stop: async () => undefined,
    }
  }
  if (dynamoEndpoint || s3Endpoint) {
    throw new Error(
      'set both SLUICE_DYNAMODB_ENDPOINT and SLUICE_S3_ENDPOINT to serve on stores already running, or neither to start its own',
    )
  }
  const dataDir = resolve(process.env.SLUICE_DATA_DIR ?? '.sluice-data')
  const emulators = await startEmulators({ dataDir })
  return {
    storage: { ...configured, dynamoEndpoint: emulators.dynamoEndpoint, s3Endpoint: emulators.s3Endpoint },
    // Where other instances find the same stores (docs/local-cluster.md).
    description: `data in ${dataDir}; DynamoDB Local at ${emulators.dynamoEndpoint}, s3rver at ${emulators.s3Endpoint}`,
    stop: () => emulators.stop(),
  }
}

function authOptions(keys: KeyStore): AppOptions {
  const authenticator = localAuthenticator(keys)
  return authenticator ? { authenticator } : {}
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.')
}

main().catch((err: unknown) => {
  if (err instanceof JavaMissingError) {
    process.stderr.write(`${err.message}\n`)
  } else {
    process.stderr.write(`Sluice failed to start: ${err instanceof Error ? err.message : String(err)}\n`)
  }
  process.exit(1)
})
