import type { EngineDeps } from '../engine/deps.js'
import { topicNotFound } from '../errors.js'
import type { TopicMeta } from '../storage/topic-catalog.js'

/**
 * How long pollers and heartbeats reuse a topic's metadata: an idle poll then reads nothing but the
 * partitions' heads, a heartbeat nothing but its group. A read of records reads the topic afresh, so a
 * topic deleted meanwhile shows as idle, rather than 404, for at most this long; partitions added show
 * in heartbeats within it (a fetch naming a partition beyond the remembered count reads afresh).
 */
export const TOPIC_CACHE_MS = 60_000

/** Per engine: tests run several services, on different tables, in one process. */
const caches = new WeakMap<EngineDeps, Map<string, { meta: TopicMeta; at: number }>>()

function cacheOf(deps: EngineDeps) {
  let cache = caches.get(deps)
  if (!cache) {
    cache = new Map()
    caches.set(deps, cache)
  }
  return cache
}

/** The topic's metadata, read at most once per TOPIC_CACHE_MS; undefined when it does not exist. */
export async function knownTopic(deps: EngineDeps, name: string): Promise<TopicMeta | undefined> {
  const cached = cacheOf(deps).get(name)
  if (cached && deps.now() - cached.at < TOPIC_CACHE_MS) return cached.meta
  return readTopic(deps, name)
}

/** As `knownTopic`, 404 when the topic does not exist. */
export async function cachedTopic(deps: EngineDeps, name: string): Promise<TopicMeta> {
  const meta = await knownTopic(deps, name)
  if (!meta) throw topicNotFound(name)
  return meta
}

/** The topic's metadata read now (404 when it does not exist), remembered for the next poll. */
export async function freshTopic(deps: EngineDeps, name: string): Promise<TopicMeta> {
  const meta = await readTopic(deps, name)
  if (!meta) throw topicNotFound(name)
  return meta
}

async function readTopic(deps: EngineDeps, name: string): Promise<TopicMeta | undefined> {
  const meta = await deps.catalog.get(name)
  if (meta) cacheOf(deps).set(name, { meta, at: deps.now() })
  else cacheOf(deps).delete(name)
  return meta
}
