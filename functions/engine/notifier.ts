import { EventEmitter } from 'node:events'

/**
 * Wakes long-polling fetches in this process when an append lands here. Across processes (several
 * Lambda instances) fetches fall back to polling the index; this only makes the common case prompt.
 */
export class AppendNotifier {
  private readonly emitter = new EventEmitter().setMaxListeners(0)

  notify(topicId: string, partition: number): void {
    this.emitter.emit(`${topicId}#${partition}`)
  }

  /** Resolves on the next append to the partition, or after `ms`, or when `signal` aborts. */
  wait(topicId: string, partition: number, ms: number, signal?: AbortSignal): Promise<void> {
    const event = `${topicId}#${partition}`
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer)
        this.emitter.off(event, done)
        signal?.removeEventListener('abort', done)
        resolve()
      }
      const timer = setTimeout(done, ms)
      this.emitter.on(event, done)
      signal?.addEventListener('abort', done)
    })
  }
}
