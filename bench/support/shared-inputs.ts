import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** The shared price list and latency model live beside the repo; SLUICE_BENCH_SHARED points elsewhere. */
const SHARED_DIR =
  process.env.SLUICE_BENCH_SHARED ?? fileURLToPath(new URL('../../../shared/bench/', import.meta.url))

export interface SharedInput<T> {
  path: string
  sha256: string
  data: T
}

/** Reads one of the shared JSON inputs, with its hash so a result names exactly what it was priced with. */
export function readSharedInput<T>(file: string): SharedInput<T> {
  const path = `${SHARED_DIR.replace(/\/?$/, '/')}${file}`
  const text = readFileSync(path, 'utf8')
  return { path, sha256: createHash('sha256').update(text).digest('hex'), data: JSON.parse(text) as T }
}
