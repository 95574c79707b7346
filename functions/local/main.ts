import { resolve } from 'node:path'
import type { AppOptions } from '../app/app.js'
import { localAuthenticator } from '../auth/from-env.js'
import { type StorageConfig, storageConfigFromEnv } from '../storage/config.js'
import type { KeyStore } from '../storage/key-store.js'
import { JavaMissingError, startEmulators } from './emulators.js'
import { serveSluice } from './serve.js'
import { engineTimingFromEnv } from './timing-from-env.js'

/**
 * `npm start`: the API on HOST:PORT, over the stores SLUICE_DYNAMODB_ENDPOINT and SLUICE_S3_ENDPOINT
 * name, or else over a DynamoDB Local and an s3rver of its own under SLUICE_DATA_DIR. SIGINT or
 * SIGTERM stops everything it started.
 */
async function main() {
  const host = process.env.HOST ?? '127.0.0.1'
  const port = Number(process.env.PORT ?? 4100)
  if (!isLoopback(host) && process.env.SLUICE_AUTH !== 'on') {
    throw new Error(
      `refusing to serve on ${host} without auth: set SLUICE_AUTH=on and SLUICE_ROOT_KEY, or bind to 127.0.0.1`,
    )
  }
  const timing = engineTimingFromEnv()
  const stores = await openStores(storageConfigFromEnv())
  let service: Awaited<ReturnType<typeof serveSluice>> | undefined
  const stop = async (signal: string) => {
    process.stdout.write(`\n${signal}: stopping Sluice\n`)
    await service?.stop()
    await stores.stop()
    process.exit(0)
  }
  process.once('SIGINT', () => void stop('SIGINT'))
  process.once('SIGTERM', () => void stop('SIGTERM'))
  try {
    service = await serveSluice({
      storage: stores.storage,
      host,
      port,
      engine: { timing },
      app: (deps) => authOptions(deps.keys),
    })
  } catch (err) {
    await stores.stop()
    throw err
  }
  process.stdout.write(`Sluice is running at ${service.url} (${stores.description})\n`)
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
