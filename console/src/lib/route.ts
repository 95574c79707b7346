/**
 * The console's addresses: `#/<page>/<name>?<params>`, in the URL's hash so that the service serves
 * one page for them all and a link or a reload lands where it pointed.
 */

export const PAGES = ['overview', 'topics', 'messages', 'groups', 'subscriptions', 'keys'] as const
export type PageName = (typeof PAGES)[number]

export interface Route {
  page: PageName
  /** The topic, group, subscription the page is about, if any. */
  name: string | undefined
  params: URLSearchParams
}

export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?', 2)
  const [page, ...rest] = path.split('/')
  const name = rest.length > 0 ? decodeURIComponent(rest.join('/')) : undefined
  return {
    page: (PAGES as readonly string[]).includes(page ?? '') ? (page as PageName) : 'overview',
    name: name || undefined,
    params: new URLSearchParams(query),
  }
}

/** The link to a page, e.g. `href('topics', 'orders')` is `#/topics/orders`. */
export function href(page: PageName, name?: string, params?: Record<string, string | number>): string {
  const query = params
    ? new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)])).toString()
    : ''
  return `#/${page}${name ? `/${encodeURIComponent(name)}` : ''}${query ? `?${query}` : ''}`
}
