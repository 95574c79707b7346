import { fork } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'

export interface S3rverProcess {
  endpoint: string
  stop(): Promise<void>
}

/**
 * s3rver in a child process. The benchmarks bill a Lambda handler for this process's CPU time while
 * it runs; s3rver in-process (as `npm start` runs it) would add the stand-in's own work (MD5, disk,
 * XML) for every PUT and GET to that, work that S3 does on its side in AWS and that the latency
 * model's S3 figures already stand for.
 */
export async function startS3rverProcess(dataDir: string): Promise<S3rverProcess> {
  const directory = join(dataDir, 's3-child')
  mkdirSync(directory, { recursive: true })
  const child = fork(new URL('./s3rver-child.mjs', import.meta.url), [directory], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    execArgv: [],
  })
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (message) => resolve((message as { port: number }).port))
    child.once('exit', (code) => reject(new Error(`s3rver exited with code ${code} before it was ready`)))
  })
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.disconnect()
      }),
  }
}
