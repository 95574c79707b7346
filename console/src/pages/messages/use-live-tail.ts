import { describeTopic } from '@sluice/sdk'
import { useEffect, useState } from 'preact/hooks'
import { client } from '../../api/connection.js'
import type { ShownRecord } from '../../lib/records.js'
import { fetchPage } from './fetch-page.js'

/** Records a tail keeps on screen, newest first. */
const KEEP = 200
/** How long each read waits for a record (the service answers as soon as one arrives). */
const WAIT_MS = 10_000
/** The pause after a failed read before the next. */
const RETRY_MS = 2000

export interface LiveTail {
  records: ShownRecord[]
  /** The partition's end when the tail started: records from there on show; `undefined` until known. */
  from: number | undefined
  error: unknown
}

/**
 * While `on`, reads the partition from its end onwards, each read waiting for new records (a long
 * poll), and shows them as they arrive.
 */
export function useLiveTail(topic: string, partition: number, on: boolean): LiveTail {
  const [tail, setTail] = useState<LiveTail>({ records: [], from: undefined, error: undefined })

  useEffect(() => {
    if (!on) return
    setTail({ records: [], from: undefined, error: undefined })
    const controller = new AbortController()
    const signal = controller.signal
    const follow = async () => {
      let position: number | undefined
      while (!signal.aborted) {
        try {
          if (position === undefined) {
            const described = await client().execute(describeTopic(topic), { signal })
            const end = described.offsets.find((p) => p.partition === partition)?.endOffset ?? 0
            position = end
            setTail((t) => ({ ...t, from: end }))
          }
          const page = await fetchPage(
            topic,
            partition,
            { offset: position },
            { limit: 100, waitMs: WAIT_MS, signal },
          )
          if (signal.aborted) return
          position = page.nextOffset
          const arrived = [...page.records].reverse()
          if (arrived.length > 0)
            setTail((t) => ({ ...t, records: [...arrived, ...t.records].slice(0, KEEP), error: undefined }))
        } catch (error) {
          if (signal.aborted) return
          setTail((t) => ({ ...t, error }))
          await new Promise((resolve) => setTimeout(resolve, RETRY_MS))
        }
      }
    }
    void follow()
    return () => controller.abort()
  }, [topic, partition, on])

  return tail
}
