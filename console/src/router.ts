import { signal } from '@preact/signals'
import { parseRoute } from './lib/route.js'

/** Where the console is: the URL's hash, kept in step with it. */
export const route = signal(parseRoute(location.hash))

addEventListener('hashchange', () => {
  route.value = parseRoute(location.hash)
})
