import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { relative } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The price list and latency model the bench prices and simulates with; SLUICE_BENCH_INPUTS points elsewhere. */
const INPUTS_DIR = process.env.SLUICE_BENCH_INPUTS ?? fileURLToPath(new URL('../inputs/', import.meta.url))

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))

export interface BenchInput<T> {
  /** Relative to the repository when inside it. */
  path: string
  sha256: string
  data: T
}

/** Reads one of the bench's JSON inputs, with its hash so a result names exactly what it was priced with. */
export function readBenchInput<T>(file: string): BenchInput<T> {
  const path = `${INPUTS_DIR.replace(/\/?$/, '/')}${file}`
  const text = readFileSync(path, 'utf8')
  const shown = relative(REPO_ROOT, path).startsWith('..') ? path : relative(REPO_ROOT, path)
  return { path: shown, sha256: createHash('sha256').update(text).digest('hex'), data: JSON.parse(text) as T }
}
