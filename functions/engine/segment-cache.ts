import type { SegmentStore } from '../storage/segment-store.js'

/**
 * Segments never change once written, so a warm fetch function keeps recent ones in memory
 * (least recently used out first) and concurrent readers of one segment share a single GET.
 */
export class SegmentCache {
  private readonly entries = new Map<string, Promise<Uint8Array>>()
  private readonly sizes = new Map<string, number>()
  private bytes = 0

  constructor(
    private readonly store: SegmentStore,
    private readonly maxBytes = 64 * 1024 * 1024,
  ) {}

  get(key: string): Promise<Uint8Array> {
    const hit = this.entries.get(key)
    if (hit) {
      this.entries.delete(key)
      this.entries.set(key, hit)
      return hit
    }
    const load = this.store.get(key)
    this.entries.set(key, load)
    load.then(
      (body) => this.admit(key, body.length),
      () => this.entries.delete(key),
    )
    return load
  }

  private admit(key: string, size: number) {
    if (!this.entries.has(key)) return
    this.sizes.set(key, size)
    this.bytes += size
    for (const oldest of this.entries.keys()) {
      if (this.bytes <= this.maxBytes || oldest === key) break
      this.evict(oldest)
    }
  }

  private evict(key: string) {
    this.entries.delete(key)
    this.bytes -= this.sizes.get(key) ?? 0
    this.sizes.delete(key)
  }
}
