import { useEffect, useRef, useState } from 'preact/hooks'
import { fetchPage, lastPagePosition, type PagePosition, type RecordPage } from './fetch-page.js'

/** Where browsing starts, as chosen in the form. */
export type BrowseStart =
  | { mode: 'earliest' }
  | { mode: 'latest' }
  | { mode: 'offset'; offset: number }
  | { mode: 'timestamp'; timestamp: number }

export interface RecordPages {
  page: RecordPage | undefined
  error: unknown
  loading: boolean
  canGoBack: boolean
  canGoForward: boolean
  start: (start: BrowseStart) => void
  forward: () => void
  back: () => void
}

/**
 * Pages through one partition. Forward follows the service's `nextOffset`; back returns to the pages
 * already seen, or, before the first page seen, reads the `pageSize` offsets before it (fewer records
 * where offsets hold none).
 */
export function useRecordPages(topic: string, partition: number, pageSize: number): RecordPages {
  const [page, setPage] = useState<RecordPage | undefined>(undefined)
  const [error, setError] = useState<unknown>(undefined)
  const [loading, setLoading] = useState(false)
  const seen = useRef<number[]>([])
  const current = useRef<AbortController | undefined>(undefined)

  useEffect(() => () => current.current?.abort(), [])

  const load = async (position: () => Promise<PagePosition>) => {
    current.current?.abort()
    const controller = new AbortController()
    current.current = controller
    setLoading(true)
    setError(undefined)
    try {
      const loaded = await fetchPage(topic, partition, await position(), {
        limit: pageSize,
        signal: controller.signal,
      })
      if (!controller.signal.aborted) setPage(loaded)
    } catch (err) {
      if (!controller.signal.aborted) setError(err)
    } finally {
      if (!controller.signal.aborted) setLoading(false)
    }
  }

  const at = (offset: number) => async (): Promise<PagePosition> => ({ offset })

  return {
    page,
    error,
    loading,
    canGoBack: !!page && (seen.current.length > 0 || page.from > page.startOffset),
    canGoForward: !!page && page.nextOffset < page.endOffset,
    start(start) {
      seen.current = []
      void load(async () => {
        switch (start.mode) {
          case 'earliest':
            return { offset: 'earliest' }
          case 'latest':
            return lastPagePosition(topic, partition, pageSize)
          case 'offset':
            return { offset: start.offset }
          case 'timestamp':
            return { timestamp: start.timestamp }
        }
      })
    },
    forward() {
      if (!page) return
      seen.current.push(page.from)
      void load(at(page.nextOffset))
    },
    back() {
      if (!page) return
      const previous = seen.current.pop()
      void load(at(previous ?? Math.max(page.startOffset, page.from - pageSize)))
    },
  }
}
