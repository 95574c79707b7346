import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { freePort } from '../../functions/local/emulators.js'
import { ReadableLogger } from '../../functions/observability/readable-logger.js'
import { outputOf } from '../support/cli.js'
import { api } from '../support/http.js'
import { captureOutput, jsonLines } from '../support/output-capture.js'
import { startTestService, testStorage } from '../support/service.js'

/** The local server's logs: what `npm start` writes, and what the tests' in-process servers do not. */

const repositoryRoot = fileURLToPath(new URL('../..', import.meta.url))

/** Calls `call` until it answers, for up to `boundMs` (a server starting up refuses connections). */
async function untilAnswered(call: () => Promise<unknown>, boundMs: number): Promise<void> {
  const deadline = Date.now() + boundMs
  for (;;) {
    try {
      await call()
      return
    } catch (err) {
      if (Date.now() > deadline) throw err
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
  }
}

describe('npm start with its output piped', () => {
  it('writes a JSON line per request, the DEBUG lines of what the service did, and never a secret', {
    timeout: 120_000,
  }, async () => {
    const storage = testStorage()
    const port = await freePort()
    const rootKey = `sluice_root_${crypto.randomUUID()}`
    // Stores named in the environment: the shared stand-ins, so no DynamoDB Local of its own starts.
    const child = spawn(process.execPath, ['--import', 'tsx', 'functions/local/main.ts'], {
      cwd: repositoryRoot,
      env: {
        ...process.env,
        PORT: String(port),
        SLUICE_TABLE: storage.table,
        SLUICE_BUCKET: storage.bucket,
        SLUICE_DYNAMODB_ENDPOINT: storage.dynamoEndpoint,
        SLUICE_S3_ENDPOINT: storage.s3Endpoint,
        SLUICE_AUTH: 'on',
        SLUICE_ROOT_KEY: rootKey,
        LOG_LEVEL: 'DEBUG',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const output = outputOf(child)
    const call = api(`http://127.0.0.1:${port}`)
    const auth = { authorization: `Bearer ${rootKey}` }
    const recordKey = `key-${crypto.randomUUID()}`
    const recordValue = `value-${crypto.randomUUID()}`
    let minted: string | undefined
    try {
      await untilAnswered(() => call('GET', '/health'), 90_000)
      expect((await call('POST', '/v1/topics', { name: 'logged', partitions: 1 }, auth)).status).toBe(201)
      const records = [{ key: recordKey, value: recordValue }]
      expect((await call('POST', '/v1/topics/logged/records', { records }, auth)).status).toBe(200)
      const fetched = await call('GET', '/v1/topics/logged/partitions/0/records?offset=0', undefined, auth)
      expect(fetched.body.records).toEqual([expect.objectContaining({ key: recordKey, value: recordValue })])
      const key = await call(
        'POST',
        '/v1/keys',
        { name: 'minted', grants: [{ resource: 'topic:*', actions: ['consume'] }] },
        auth,
      )
      minted = key.body.secret
      expect(minted).toEqual(expect.any(String))
    } finally {
      child.kill('SIGTERM')
    }
    const { code, stdout, stderr } = await output
    expect(code).toBe(0)

    const lines = stdout.split('\n').filter((line) => line.trim().length > 0)
    // The start and stop notices are for the person or script that started it; the rest is JSON.
    const notices = lines.filter((line) => !line.startsWith('{'))
    expect(notices).toEqual([
      expect.stringContaining('Sluice is running at'),
      expect.stringMatching(/^Console at http:\/\/\S+\/console\/, API reference at http:\/\/\S+\/docs$/),
      expect.stringContaining('stopping Sluice'),
    ])
    const logged = jsonLines(lines)
    expect(logged).toContainEqual(
      expect.objectContaining({
        level: 'INFO',
        message: 'request',
        method: 'POST',
        route: '/v1/topics/:topic/records',
        topic: 'logged',
        status: 200,
      }),
    )
    expect(logged).toContainEqual(
      expect.objectContaining({
        level: 'DEBUG',
        message: 'produced',
        topic: 'logged',
        records: 1,
        bytes: recordKey.length + recordValue.length,
      }),
    )
    expect(logged).toContainEqual(expect.objectContaining({ level: 'DEBUG', message: 'fetched', records: 1 }))
    for (const kept of [rootKey, minted as string, recordKey, recordValue]) {
      expect(stdout + stderr).not.toContain(kept)
    }
  })
})

describe('the test service', () => {
  it('logs nothing per request: it has no logger', async () => {
    const service = await startTestService()
    try {
      const call = api(service.url)
      const { lines } = await captureOutput(async () => {
        await call('GET', '/health')
        await call('GET', '/v1/topics/absent')
      })
      expect(lines).toEqual([])
    } finally {
      await service.stop()
    }
  })
})

describe('the readable logger (a terminal)', () => {
  it('prints time, level, message and fields on one line, and an error with its stack and cause below', async () => {
    const logger = new ReadableLogger()
    const { lines } = await captureOutput(async () => {
      logger.info('request', { method: 'GET', route: '/v1/topics/:topic', status: 200, topic: 'rides' })
      logger.error('request', {
        status: 500,
        error: new Error('the catalog broke', { cause: new Error('what broke it') }),
      })
    })
    expect(lines[0]).toMatch(
      /^\d{2}:\d{2}:\d{2}\.\d{3} INFO {2}request method=GET route=\/v1\/topics\/:topic status=200 topic=rides$/,
    )
    expect(lines[1]).toMatch(
      /^\d{2}:\d{2}:\d{2}\.\d{3} ERROR request status=500 error="Error: the catalog broke"$/,
    )
    expect(lines[2]).toBe('Error: the catalog broke')
    expect(lines[3]).toMatch(/^\s+at /)
    expect(lines).toContain('Caused by: Error: what broke it')
    expect(lines.some((line) => line.startsWith('{'))).toBe(false)
  })
})
