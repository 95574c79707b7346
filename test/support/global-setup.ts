import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import { type Emulators, startEmulators } from '../../functions/local/emulators.js'

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string
    s3Endpoint: string
  }
}

let emulators: Emulators | undefined
let dataDir: string | undefined

/** One DynamoDB Local and one s3rver for the whole run; each test file gets its own table and bucket. */
export async function setup(project: TestProject) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true'
  dataDir = mkdtempSync(join(tmpdir(), 'sluice-test-'))
  emulators = await startEmulators({ dataDir, inMemory: true })
  project.provide('dynamoEndpoint', emulators.dynamoEndpoint)
  project.provide('s3Endpoint', emulators.s3Endpoint)
}

export async function teardown() {
  await emulators?.stop()
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
}
