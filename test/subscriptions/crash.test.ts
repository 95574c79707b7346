import { type ChildProcess, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort } from '../../functions/local/emulators.js'
import { createService } from '../../functions/service.js'
import { createAwsClients } from '../../functions/storage/clients.js'
import { createSubscription } from '../../functions/subscriptions/create.js'
import { api } from '../support/http.js'
import { testStorage } from '../support/service.js'
import { readAll, startWebhook, until, webhookSubscription } from './support.js'

/**
 * `npm start` killed with SIGKILL while a delivery is in flight, then started again on the same
 * stores: the exactly-once output holds, the restarted server finishing the delivery once the dead
 * run's lease has expired.
 */

const repositoryRoot = fileURLToPath(new URL('../..', import.meta.url))
const storage = testStorage()
const children = new Set<ChildProcess>()
let clients: ReturnType<typeof createAwsClients>

/** The local server as `npm start` runs it, on the test's stores, with short delivery timings. */
async function startServer(port: number) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'functions/local/main.ts'], {
    cwd: repositoryRoot,
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      SLUICE_DYNAMODB_ENDPOINT: storage.dynamoEndpoint,
      SLUICE_S3_ENDPOINT: storage.s3Endpoint,
      SLUICE_TABLE: storage.table,
      SLUICE_BUCKET: storage.bucket,
      SLUICE_DELIVERY_LEASE_MS: '3000',
      SLUICE_DELIVERY_TIMEOUT_MS: '1000',
      SLUICE_STREAM_POLL_MS: '50',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.add(child)
  child.once('exit', () => children.delete(child))
  let output = ''
  await new Promise<void>((resolve, reject) => {
    const seen = (chunk: Buffer) => {
      output += chunk.toString()
      if (output.includes('Sluice is running at')) resolve()
    }
    child.stdout?.on('data', seen)
    child.stderr?.on('data', seen)
    child.once('exit', (code) => reject(new Error(`the server exited (${code}):\n${output}`)))
  })
  return child
}

beforeAll(async () => {
  clients = createAwsClients(storage)
})
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL')
  clients.dynamo.destroy()
  clients.s3.destroy()
})

describe('a server killed mid-delivery', () => {
  it('loses no exactly-once output and repeats none once started again', { timeout: 120_000 }, async () => {
    const port = await freePort()
    const server = await startServer(port)
    const call = api(`http://127.0.0.1:${port}`)
    const deps = createService(storage, { clients })
    expect((await call('POST', '/v1/topics', { name: 'crash-in', partitions: 1 })).status).toBe(201)
    expect((await call('POST', '/v1/topics', { name: 'crash-out', partitions: 1 })).status).toBe(201)

    // The batch holding i4 is held on its first delivery: the server is killed while it waits.
    let heldOnce = false
    let reached!: () => void
    const held = new Promise<void>((resolve) => {
      reached = resolve
    })
    const hook = await startWebhook(async (d) => {
      if (!heldOnce && d.event.records.some((r) => r.value === 'i4')) {
        heldOnce = true
        reached()
        return new Promise<never>(() => undefined)
      }
      const records = d.event.records.map((r) => ({ value: `out-${r.value}` }))
      return { status: 200, body: { produce: [{ topic: 'crash-out', records }] } }
    })
    await createSubscription(
      deps,
      webhookSubscription('crash-hook', 'crash-in', hook.url, {
        delivery: 'exactly-once',
        batch: { maxRecords: 2 },
        retry: { maxAttempts: -1, minBackoffMs: 10, maxBackoffMs: 100 },
      }),
    )
    const inputs = Array.from({ length: 8 }, (_, i) => `i${i}`)
    for (const value of inputs) {
      expect((await call('POST', '/v1/topics/crash-in/records', { records: [{ value }] })).status).toBe(200)
    }
    await held
    server.kill('SIGKILL')
    await until(
      'the server gone',
      () => children.has(server),
      (alive) => !alive,
    )

    await startServer(port)
    const outputs = await until(
      'every output',
      async () => (await readAll(call, 'crash-out')).map((r) => r.value),
      (values) => values.length >= inputs.length,
      90_000,
    )
    expect([...outputs].sort()).toEqual(inputs.map((v) => `out-${v}`).sort())
    // The held batch was delivered again by the restarted server.
    const heldKey = hook.received.find((d) => d.event.records.some((r) => r.value === 'i4'))?.headers[
      'idempotency-key'
    ]
    expect(
      hook.received.filter((d) => d.headers['idempotency-key'] === heldKey).length,
    ).toBeGreaterThanOrEqual(2)
    await hook.close()
  })
})
