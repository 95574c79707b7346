import type { EngineDeps } from '../engine/deps.js'
import type { GroupStore } from '../storage/group-store.js'

/** What consumer groups work with: the log engine (offsets and transactions are on its log) and their store. */
export interface GroupDeps extends EngineDeps {
  groups: GroupStore
}
