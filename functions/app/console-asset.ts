/**
 * Where the web console's built assets are (console/, built by `npm run console:build` into
 * console/dist). Locally the server reads them from the repository; a Lambda function has no
 * repository, so bundling copies them into the function's asset (infra/lib/bundling.ts).
 */
import { join } from 'node:path'

/** The console's path on the service: its page is `/console/`, its assets below it. */
export const CONSOLE_PATH = '/console'

/** The build's output, relative to the repository's root. */
export const CONSOLE_BUILD_DIR = 'console/dist'

/** Where the build is in a Lambda function's asset, relative to its root (`LAMBDA_TASK_ROOT`). */
export const CONSOLE_ASSET_DIR = 'console'

/** The console's assets in this Lambda function's asset, or `undefined` outside Lambda. */
export function lambdaConsoleDir(): string | undefined {
  const root = process.env.LAMBDA_TASK_ROOT
  return root ? join(root, CONSOLE_ASSET_DIR) : undefined
}
