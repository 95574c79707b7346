import type { GroupDescription, SubscriptionDescription, TopicWithOffsets } from '@sluice/sdk'
import { useEffect, useRef, useState } from 'preact/hooks'
import { groupLag, loadGroups, loadSubscriptions, loadTopics } from '../../api/cluster.js'
import { keepWindow, type OffsetSample, type ThroughputSeries, throughput } from '../../lib/throughput.js'

/** How often the overview reads the cluster at most, and how far back its chart goes. */
export const POLL_MS = 2000
export const WINDOW_MS = 5 * 60_000
/**
 * Each read is a request per topic, group and subscription, each a function invocation in AWS: a large
 * cluster is read less often, so that an open overview sends at most 20 requests a second.
 */
const MS_PER_REQUEST = 50

export interface ClusterSnapshot {
  topics: TopicWithOffsets[]
  groups: GroupDescription[]
  /** `null` when the service does not serve subscriptions. */
  subscriptions: SubscriptionDescription[] | null
}

export interface ClusterHistory {
  snapshot: ClusterSnapshot | undefined
  series: ThroughputSeries
  error: unknown
}

/**
 * Polls topics, groups and subscriptions while the page is open, and keeps the offsets of the last
 * minutes to chart records per second in (end offsets) and out (committed offsets).
 */
export function useClusterHistory(): ClusterHistory {
  const samples = useRef<OffsetSample[]>([])
  const [state, setState] = useState<ClusterHistory>({
    snapshot: undefined,
    series: throughput([]),
    error: undefined,
  })

  useEffect(() => {
    const controller = new AbortController()
    let timer: ReturnType<typeof setTimeout> | undefined
    // The lists, then a describe of each topic, group and subscription.
    let requests = 3
    const poll = async () => {
      try {
        const signal = controller.signal
        const [topics, groups, subscriptions] = await Promise.all([
          loadTopics(signal),
          loadGroups(signal),
          loadSubscriptions(signal),
        ])
        if (signal.aborted) return
        requests = 3 + topics.length + groups.length + (subscriptions?.length ?? 0)
        samples.current = keepWindow([...samples.current, sampleOf(topics, groups)], WINDOW_MS)
        setState({
          snapshot: { topics, groups, subscriptions },
          series: throughput(samples.current),
          error: undefined,
        })
      } catch (error) {
        if (controller.signal.aborted) return
        setState((previous) => ({ ...previous, error }))
      }
      timer = setTimeout(poll, Math.max(POLL_MS, requests * MS_PER_REQUEST))
    }
    void poll()
    return () => {
      controller.abort()
      clearTimeout(timer)
    }
  }, [])

  return state
}

function sampleOf(topics: TopicWithOffsets[], groups: GroupDescription[]): OffsetSample {
  const ends = new Map<string, number>()
  for (const topic of topics) {
    for (const p of topic.offsets) ends.set(`${topic.name}/${p.partition}`, p.endOffset)
  }
  const committed = new Map<string, number>()
  for (const group of groups) {
    for (const topic of group.topics) {
      for (const p of topic.partitions) {
        if (p.committedOffset !== null)
          committed.set(`${group.group}/${topic.topic}/${p.partition}`, p.committedOffset)
      }
    }
  }
  return { at: Date.now(), ends, committed, lag: groups.reduce((sum, g) => sum + groupLag(g), 0) }
}
