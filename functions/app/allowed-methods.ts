/** A route as Hono lists it in `app.routes`: its method and its path pattern. */
interface Route {
  method: string
  path: string
}

/**
 * For a request no route answered: the methods the app does answer on its path, so that a wrong
 * method is told apart from a wrong path. Middleware (method ALL) answers nothing on its own.
 */
export function allowedMethods(routes: readonly Route[]): (path: string) => string[] {
  const patterns = routes
    .filter((route) => route.method !== 'ALL')
    .map((route) => ({ method: route.method, pattern: pathPattern(route.path) }))
  return (path) => [...new Set(patterns.filter((p) => p.pattern.test(path)).map((p) => p.method))].sort()
}

/**
 * `/v1/topics/:topic` as a regular expression: a parameter is one non-empty path segment; as in Hono's
 * strict routing, a trailing slash makes another path.
 */
function pathPattern(path: string): RegExp {
  const segments = path
    .split('/')
    .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
  return new RegExp(`^${segments.join('/')}$`)
}
