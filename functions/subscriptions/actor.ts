import type { Grant } from '../auth/grants.js'

/** Who creates or changes a subscription: the API key's grants, none where auth is off. */
export interface Actor {
  grants?: readonly Grant[]
}
