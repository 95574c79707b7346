import { topicNotFound } from '../errors.js'
import type { EngineDeps } from './deps.js'
import type { TopicMeta } from './topic-meta.js'

/**
 * How long an instance reuses a topic's metadata, so a produce, an idle poll or a heartbeat reads no
 * topic item. What staleness can do, and what bounds it:
 * - A produce to a deleted topic fails its reservation (the topic's partition heads are deleted first)
 *   and reads afresh: 404, or the new incarnation of a topic created again.
 * - Partitions added elsewhere take keyed records within this long; a record or a fetch naming a
 *   partition beyond the remembered count reads afresh at once. A retention change applies to the
 *   entries produced here within this long.
 * - A read of records reads the topic afresh, so a topic deleted meanwhile shows as idle, rather
 *   than 404, to a poller for at most this long.
 * Changes made through this instance apply here at once (`rememberTopic`, `forgetTopic`).
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

/** After this instance created or changed the topic. */
export function rememberTopic(deps: EngineDeps, meta: TopicMeta): void {
  cacheOf(deps).set(meta.name, { meta, at: deps.now() })
}

/** After this instance deleted the topic. */
export function forgetTopic(deps: EngineDeps, name: string): void {
  cacheOf(deps).delete(name)
}

async function readTopic(deps: EngineDeps, name: string): Promise<TopicMeta | undefined> {
  const meta = await deps.catalog.get(name)
  if (meta) rememberTopic(deps, meta)
  else forgetTopic(deps, name)
  return meta
}
