import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { inject } from 'vitest'
import { startEmulators } from '../../functions/local/emulators.js'
import { type RunningService, type ServeOptions, serveSluice } from '../../functions/local/serve.js'
import type { ServiceOptions } from '../../functions/service.js'
import type { StorageConfig } from '../../functions/storage/config.js'

let counter = 0

/** A fresh table and bucket on the shared stand-ins (or on `endpoints`), unique to this call. */
export function testStorage(
  endpoints: { dynamoEndpoint: string; s3Endpoint: string } = {
    dynamoEndpoint: inject('dynamoEndpoint'),
    s3Endpoint: inject('s3Endpoint'),
  },
): StorageConfig {
  const suffix = `${process.pid}-${Date.now().toString(36)}-${counter++}`
  return {
    region: 'us-east-1',
    table: `sluice-test-${suffix}`,
    bucket: `sluice-test-${suffix}`,
    ...endpoints,
  }
}

/**
 * Stand-ins of this test file's own, for tests that wait on DynamoDB Local's TTL sweep: on the shared
 * instance the sweep crawls through every other file's tables and can take minutes under a full run.
 */
export async function isolatedStorage(): Promise<{ storage: StorageConfig; stop(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sluice-ttl-'))
  const emulators = await startEmulators({ dataDir, inMemory: true })
  return {
    storage: testStorage(emulators),
    async stop() {
      await emulators.stop()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

export interface TestServiceOptions {
  engine?: ServiceOptions
  app?: ServeOptions['app']
  storage?: StorageConfig
}

/** The real service (Hono app on Node) on a free port, over DynamoDB Local and s3rver. */
export function startTestService(options: TestServiceOptions = {}): Promise<RunningService> {
  return serveSluice({
    storage: options.storage ?? testStorage(),
    port: 0,
    ...(options.engine ? { engine: options.engine } : {}),
    ...(options.app ? { app: options.app } : {}),
  })
}
