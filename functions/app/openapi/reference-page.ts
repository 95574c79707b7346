import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { sha256Hex } from '../../sha256.js'
import {
  REFERENCE_SCRIPT_ASSET,
  REFERENCE_SCRIPT_MODULE,
  REFERENCE_VERSION_PARAM,
} from '../reference-asset.js'

interface ReferenceScript {
  text: string
  /** Part of the script's hash: its URL changes whenever it does. */
  version: string
}

let script: Promise<ReferenceScript> | undefined

/** The renderer's script, read once (1 MB; a read that failed is tried again on the next request). */
export function referenceScript(): Promise<ReferenceScript> {
  script ??= readReferenceScript().catch((err: unknown) => {
    script = undefined
    throw err
  })
  return script
}

async function readReferenceScript(): Promise<ReferenceScript> {
  // A Lambda function's asset holds the script (infra/lib/bundling.ts); elsewhere node_modules does.
  const root = process.env.LAMBDA_TASK_ROOT
  const path = root
    ? join(root, REFERENCE_SCRIPT_ASSET)
    : createRequire(import.meta.url).resolve(REFERENCE_SCRIPT_MODULE)
  const text = await readFile(path, 'utf8')
  return { text, version: (await sha256Hex(text)).slice(0, 16) }
}

/** The page at /docs. Relative URLs: it works wherever the API is served, under a path prefix too. */
export const referencePage = async () => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sluice HTTP API</title>
<style>body { margin: 0 }</style>
</head>
<body>
<redoc spec-url="openapi.json"></redoc>
<script src="docs/reference.js?${REFERENCE_VERSION_PARAM}=${(await referenceScript()).version}"></script>
</body>
</html>
`
