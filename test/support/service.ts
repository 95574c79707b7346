import { inject } from 'vitest'
import type { EngineOptions } from '../../functions/engine/engine.js'
import { type RunningService, type ServeOptions, serveSluice } from '../../functions/local/serve.js'
import type { StorageConfig } from '../../functions/storage/config.js'

let counter = 0

/** A fresh table and bucket on the shared stand-ins, unique to this call. */
export function testStorage(): StorageConfig {
  const suffix = `${process.pid}-${Date.now().toString(36)}-${counter++}`
  return {
    region: 'us-east-1',
    table: `sluice-test-${suffix}`,
    bucket: `sluice-test-${suffix}`,
    dynamoEndpoint: inject('dynamoEndpoint'),
    s3Endpoint: inject('s3Endpoint'),
  }
}

export interface TestServiceOptions {
  engine?: EngineOptions
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
