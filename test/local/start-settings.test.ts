import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { engineTimingFromEnv } from '../../functions/local/timing-from-env.js'
import { createDynamoClients } from '../../functions/storage/dynamo-clients.js'

/** What `npm start` reads from the environment besides its stand-ins (serving on them: test/chaos/cluster.test.ts). */

const tsxCli = createRequire(import.meta.url).resolve('tsx/cli')

/** `npm start` with `env` only: it must fail before it would start anything. */
function start(env: Record<string, string>) {
  return spawnSync(process.execPath, [tsxCli, 'functions/local/main.ts'], {
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  })
}

describe('engine timing from the environment', () => {
  it('takes the hole timeout, writer deadline and poll interval', () => {
    expect(
      engineTimingFromEnv({
        SLUICE_HOLE_TIMEOUT_MS: '2000',
        SLUICE_WRITER_DEADLINE_MS: '500',
        SLUICE_POLL_INTERVAL_MS: '20',
      }),
    ).toEqual({ holeTimeoutMs: 2000, writerDeadlineMs: 500, pollIntervalMs: 20 })
    expect(engineTimingFromEnv({})).toEqual({})
  })

  it.each([
    ['soon', 'SLUICE_POLL_INTERVAL_MS must be a whole number of milliseconds above 0, not "soon"'],
    ['0', 'SLUICE_POLL_INTERVAL_MS must be a whole number of milliseconds above 0, not "0"'],
    ['1.5', 'SLUICE_POLL_INTERVAL_MS must be a whole number of milliseconds above 0, not "1.5"'],
  ])('refuses %s, naming the variable', (value, message) => {
    expect(() => engineTimingFromEnv({ SLUICE_POLL_INTERVAL_MS: value })).toThrow(message)
  })

  it('refuses a writer deadline not below the hole timeout, saying which one is the default', () => {
    expect(() => engineTimingFromEnv({ SLUICE_HOLE_TIMEOUT_MS: '3000' })).toThrow(
      'SLUICE_WRITER_DEADLINE_MS (4000 ms, the default) must be below SLUICE_HOLE_TIMEOUT_MS (3000 ms)',
    )
  })

  it('stops npm start with the message and no stack trace', () => {
    const result = start({ SLUICE_HOLE_TIMEOUT_MS: 'soon' })
    expect(result.status).toBe(1)
    expect(result.stderr).toContain('SLUICE_HOLE_TIMEOUT_MS must be a whole number of milliseconds above 0')
    expect(result.stderr).not.toMatch(/\n\s+at /)
  })
})

describe('stores named in the environment', () => {
  afterEach(() => {
    vi.unstubAllEnvs()
  })

  it('must be both or neither', () => {
    const result = start({ SLUICE_DYNAMODB_ENDPOINT: 'http://127.0.0.1:1' })
    expect(result.status).toBe(1)
    expect(result.stderr).toContain('set both SLUICE_DYNAMODB_ENDPOINT and SLUICE_S3_ENDPOINT')
  })

  it("are reached with the caller's own credentials when in AWS (a dev table), the stand-ins' otherwise", async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDDEVELOPER')
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'developer-secret')
    const credentialsFor = async (dynamoEndpoint: string) => {
      const { dynamo } = createDynamoClients({ region: 'eu-west-1', table: 't', bucket: 'b', dynamoEndpoint })
      try {
        return (await dynamo.config.credentials()).accessKeyId
      } finally {
        dynamo.destroy()
      }
    }
    expect(await credentialsFor('https://dynamodb.eu-west-1.amazonaws.com')).toBe('AKIDDEVELOPER')
    expect(await credentialsFor('http://127.0.0.1:8000')).toBe('S3RVER')
  })
})
