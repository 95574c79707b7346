import type { EngineDeps } from '../engine/deps.js'
import type { GroupStore } from '../storage/group-store.js'

/**
 * What consumer groups work with: their store, and the log engine, on whose log their offsets and
 * transactions are.
 */
export interface GroupDeps extends EngineDeps {
  groups: GroupStore
}
