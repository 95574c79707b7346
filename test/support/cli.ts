import { type ChildProcessByStdio, spawn } from 'node:child_process'
import type { Readable, Writable } from 'node:stream'
import { fileURLToPath } from 'node:url'

const bin = fileURLToPath(new URL('../../bin/sluice.js', import.meta.url))

export interface CliRun {
  code: number | null
  stdout: string
  stderr: string
}

/** Runs the `sluice` CLI as a child process against `url`, feeding `stdin`, and collects its output. */
export function runSluice(url: string, args: readonly string[], stdin = ''): Promise<CliRun> {
  const child = spawn(process.execPath, [bin, '--url', url, ...args], { stdio: 'pipe' })
  child.stdin.end(stdin)
  return outputOf(child)
}

/** Collects a child process's output until it closes, with its exit code. */
export function outputOf(child: ChildProcessByStdio<null | Writable, Readable, Readable>): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => {
      stdout += chunk
    })
    child.stderr.on('data', (chunk) => {
      stderr += chunk
    })
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}
