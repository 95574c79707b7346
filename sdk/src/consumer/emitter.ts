type Listener<T> = (event: T) => void

/** A small typed emitter (no Node `events`: the SDK runs on Web APIs only). */
export class Emitter<TEvents> {
  readonly #listeners = new Map<keyof TEvents, Set<Listener<never>>>()

  on<K extends keyof TEvents>(event: K, listener: Listener<TEvents[K]>): () => void {
    const set = this.#listeners.get(event) ?? new Set()
    this.#listeners.set(event, set)
    set.add(listener as Listener<never>)
    return () => set.delete(listener as Listener<never>)
  }

  emit<K extends keyof TEvents>(event: K, payload: TEvents[K]): void {
    for (const listener of this.#listeners.get(event) ?? []) (listener as Listener<TEvents[K]>)(payload)
  }
}
