import { useCallback, useEffect, useRef, useState } from 'preact/hooks'

export interface Loaded<T> {
  value: T | undefined
  error: unknown
  /** Loads again now (after a change the page made). */
  reload: () => void
}

/**
 * Loads with `load` whenever `deps` change, and every `intervalMs` while the page shows and the tab is
 * visible. A load never overlaps the previous one; one whose page went away is aborted and dropped.
 */
export function useLoader<T>(
  load: (signal: AbortSignal) => Promise<T>,
  deps: readonly unknown[],
  intervalMs?: number,
): Loaded<T> {
  const [value, setValue] = useState<T | undefined>(undefined)
  const [error, setError] = useState<unknown>(undefined)
  const [generation, setGeneration] = useState(0)
  const loadRef = useRef(load)
  loadRef.current = load
  useEffect(() => {
    const controller = new AbortController()
    let timer: ReturnType<typeof setTimeout> | undefined
    const run = async () => {
      try {
        const loaded = await loadRef.current(controller.signal)
        if (controller.signal.aborted) return
        setValue(() => loaded)
        setError(undefined)
      } catch (err) {
        if (controller.signal.aborted) return
        setError(err)
      }
      if (intervalMs !== undefined) timer = setTimeout(tick, intervalMs)
    }
    const tick = () => {
      if (document.hidden) timer = setTimeout(tick, intervalMs)
      else void run()
    }
    void run()
    return () => {
      controller.abort()
      clearTimeout(timer)
    }
  }, [...deps, generation, intervalMs])

  const reload = useCallback(() => setGeneration((g) => g + 1), [])
  return { value, error, reload }
}
