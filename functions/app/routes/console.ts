import { type Context, Hono } from 'hono'

/**
 * The web console (docs/console.md): static pages and assets, served without an API key as /docs is
 * (the console holds no secret; it asks for a key and sends it to the API). Not API operations, so not
 * in the OpenAPI document. The file serving is imported on the first request, so that a function's cold
 * start does not load it.
 */
export function consoleRoutes(dir: string) {
  const files = () => import('../console-files.js')
  return (
    new Hono()
      // The page's asset URLs are relative: they resolve under /console/ only, so /console moves there.
      .get('/', (c) => c.redirect('console/', 308))
      .get('/*', async (c: Context) => (await files()).serveConsoleFile(c, dir))
  )
}
