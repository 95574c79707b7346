import { Hono } from 'hono'

/**
 * The contract as OpenAPI (`/openapi.json`) and its reference page (`/docs`), served without an API key
 * as /health is. Their code (answer schemas, descriptions, JSON Schema conversion, the page) is
 * imported on their first request, so that a cold start does not load it.
 */
export function contractRoutes() {
  let document: Promise<string> | undefined
  const page = () => import('../openapi/reference-page.js')
  return new Hono()
    .get('/openapi.json', async (c) => {
      document ??= import('../openapi/document.js').then((module) => module.openApiJson())
      return c.body(await document, 200, { 'content-type': 'application/json' })
    })
    .get('/docs', async (c) =>
      c.html(await (await page()).referencePage(), 200, {
        // The browser itself keeps the page to this service: the renderer shows a logo from its maker's
        // CDN, which this refuses (the page then shows none). Its styles are inline, its search a worker.
        'content-security-policy':
          "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; worker-src 'self' blob:",
      }),
    )
    .get('/docs/reference.js', async (c) =>
      c.body((await (await page()).referenceScript()).text, 200, {
        'content-type': 'text/javascript; charset=utf-8',
        // Its URL carries its version, so a browser may keep it as long as it likes.
        'cache-control': 'public, max-age=31536000, immutable',
      }),
    )
}
