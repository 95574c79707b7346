import { resolve } from 'node:path'
import type { AppOptions } from '../app/app.js'
import { localAuthenticator } from '../auth/from-env.js'
import { storageConfigFromEnv } from '../storage/config.js'
import type { KeyStore } from '../storage/key-store.js'
import { JavaMissingError, startEmulators } from './emulators.js'
import { serveSluice } from './serve.js'

/**
 * `npm start`: DynamoDB Local and s3rver under SLUICE_DATA_DIR, the API on HOST:PORT. SIGINT or SIGTERM
 * stops everything it started.
 */
async function main() {
  const host = process.env.HOST ?? '127.0.0.1'
  const port = Number(process.env.PORT ?? 4100)
  const dataDir = resolve(process.env.SLUICE_DATA_DIR ?? '.sluice-data')
  if (!isLoopback(host) && process.env.SLUICE_AUTH !== 'on') {
    throw new Error(
      `refusing to serve on ${host} without auth: set SLUICE_AUTH=on and SLUICE_ROOT_KEY, or bind to 127.0.0.1`,
    )
  }
  const emulators = await startEmulators({ dataDir })
  let service: Awaited<ReturnType<typeof serveSluice>> | undefined
  const stop = async (signal: string) => {
    process.stdout.write(`\n${signal}: stopping Sluice\n`)
    await service?.stop()
    await emulators.stop()
    process.exit(0)
  }
  process.once('SIGINT', () => void stop('SIGINT'))
  process.once('SIGTERM', () => void stop('SIGTERM'))
  try {
    const storage = {
      ...storageConfigFromEnv(),
      dynamoEndpoint: emulators.dynamoEndpoint,
      s3Endpoint: emulators.s3Endpoint,
    }
    service = await serveSluice({ storage, host, port, app: (deps) => authOptions(deps.keys) })
  } catch (err) {
    await emulators.stop()
    throw err
  }
  process.stdout.write(`Sluice is running at ${service.url} (data in ${dataDir})\n`)
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
