import { readdir, readFile } from 'node:fs/promises'
import { extname, join, relative, sep } from 'node:path'
import { gzipSync } from 'node:zlib'
import type { Context } from 'hono'
import { SluiceError } from '../errors.js'
import { CONSOLE_PATH } from './console-asset.js'

/**
 * The console's Content-Security-Policy: its own scripts and styles only (no inline script, no eval,
 * nothing from a CDN or a font service), and API calls to this service or to the service a user names:
 * any https URL (a deployed stack) or a local server on loopback.
 */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self' https: http://localhost:* http://127.0.0.1:*",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ')

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.png': 'image/png',
}

/** Below this, gzip saves less than the header costs. */
const GZIP_MIN_BYTES = 1024

interface ConsoleFile {
  body: Uint8Array<ArrayBuffer>
  /** The body gzipped, where that is worth it. */
  gzipped: Uint8Array<ArrayBuffer> | undefined
  contentType: string
  cacheControl: string
}

/** Each build directory's files by URL path, read once (a read that failed is tried again). */
const builds = new Map<string, Promise<Map<string, ConsoleFile>>>()

function build(dir: string): Promise<Map<string, ConsoleFile>> {
  let files = builds.get(dir)
  if (!files) {
    files = readBuild(dir).catch((err: unknown) => {
      builds.delete(dir)
      throw err
    })
    builds.set(dir, files)
  }
  return files
}

/**
 * The build's files, gzipped where it pays, keyed by their path under /console/. Only these are ever
 * served: a request names a key of this map, never a path on disk.
 */
async function readBuild(dir: string): Promise<Map<string, ConsoleFile>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch((err: unknown) => {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
    throw new SluiceError('NOT_FOUND', 'the console is not built: run `npm run console:build`')
  })
  const files = new Map<string, ConsoleFile>()
  for (const entry of entries) {
    if (!entry.isFile()) continue
    const path = join(entry.parentPath, entry.name)
    const urlPath = `/${relative(dir, path).split(sep).join('/')}`
    const contentType = CONTENT_TYPES[extname(path)] ?? 'application/octet-stream'
    const body = new Uint8Array(await readFile(path))
    const compressible = !contentType.startsWith('image/png') && body.byteLength >= GZIP_MIN_BYTES
    files.set(urlPath === '/index.html' ? '/' : urlPath, {
      body,
      gzipped: compressible ? new Uint8Array(gzipSync(body, { level: 9 })) : undefined,
      contentType,
      cacheControl: cacheControlFor(urlPath),
    })
  }
  return files
}

/**
 * The page is checked on every load (its asset names change with each build); the assets Vite names
 * by their content's hash are kept a year; anything else (the icon) an hour.
 */
function cacheControlFor(urlPath: string): string {
  if (urlPath === '/index.html') return 'no-cache'
  if (urlPath.startsWith('/assets/')) return 'public, max-age=31536000, immutable'
  return 'public, max-age=3600'
}

/** Answers a GET under /console/ from the build in `dir`. */
export async function serveConsoleFile(c: Context, dir: string): Promise<Response> {
  const path = c.req.path.slice(CONSOLE_PATH.length)
  const file = (await build(dir)).get(path)
  if (!file) throw new SluiceError('NOT_FOUND', `the console has no file ${c.req.path}`)
  const gzip = file.gzipped && /\bgzip\b/.test(c.req.header('accept-encoding') ?? '')
  const headers: Record<string, string> = {
    'content-type': file.contentType,
    'cache-control': file.cacheControl,
    'content-security-policy': CONSOLE_CSP,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    vary: 'accept-encoding',
  }
  if (gzip) headers['content-encoding'] = 'gzip'
  return c.body(gzip ? (file.gzipped as Uint8Array<ArrayBuffer>) : file.body, 200, headers)
}
