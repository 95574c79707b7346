import { spawnSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const tsxCli = createRequire(import.meta.url).resolve('tsx/cli')

describe('npm start without Java', () => {
  it('says what to install and exits non-zero, without a stack trace', () => {
    const result = spawnSync(process.execPath, [tsxCli, 'functions/local/main.ts'], {
      // No directory on PATH holds `java`: a machine without it.
      env: {
        PATH: mkdtempSync(join(tmpdir(), 'no-java-')),
        SLUICE_DATA_DIR: mkdtempSync(join(tmpdir(), 'data-')),
      },
      encoding: 'utf8',
      timeout: 30_000,
    })
    expect(result.status).toBe(1)
    expect(result.stderr).toContain('DynamoDB Local needs Java 17 or later')
    expect(result.stderr).toContain('apt-get install -y openjdk-17-jre-headless')
    expect(result.stderr).not.toMatch(/\n\s+at /)
  })
})
