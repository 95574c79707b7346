import { type Consumer, type ConsumerLogger, type ConsumerOptions, Sluice } from '../../sdk/src/index.js'

/**
 * A member's network link, for failure injection: `cut()` makes every request of the member fail
 * before it reaches the service, as when its process has crashed or is cut off from the network
 * (the service sees the same thing: no more heartbeats, renewals or commits). `cutWhere` cuts only
 * the matching requests, e.g. heartbeats, as during a stop-the-world pause of the member's timers.
 */
export class Link {
  #cut: ((path: string, method: string) => boolean) | undefined

  readonly fetch: typeof fetch = (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input))
    if (this.#cut?.(url.pathname, init?.method ?? 'GET')) {
      return Promise.reject(new TypeError('fetch failed: link cut by the test'))
    }
    return fetch(input, init)
  }

  cut(): void {
    this.#cut = () => true
  }

  cutWhere(matches: (path: string, method: string) => boolean): void {
    this.#cut = matches
  }

  heal(): void {
    this.#cut = undefined
  }
}

/** Collects warnings instead of printing them; errors too, for tests that expect handler failures. */
export function quietLogger(): ConsumerLogger & { lines: string[] } {
  const lines: string[] = []
  const log = (message: string) => {
    lines.push(message)
  }
  return { lines, info: log, warn: log, error: log }
}

/** A client with its own link and quick retries (a cut member should give up fast). */
export function memberClient(url: string): { sluice: Sluice; link: Link } {
  const link = new Link()
  const sluice = new Sluice({ url, fetch: link.fetch, retry: { retries: 2, initialMs: 50, maxMs: 200 } })
  return { sluice, link }
}

export interface Member {
  consumer: Consumer
  link: Link
  sluice: Sluice
}

/** A consumer of its own client and link, with a quiet logger. */
export function member(url: string, options: ConsumerOptions): Member {
  const { sluice, link } = memberClient(url)
  const consumer = sluice.consumer({ logger: quietLogger(), ...options })
  return { consumer, link, sluice }
}

/**
 * Waits until `check` passes (returns without throwing), trying every 50 ms. Not a timed assertion:
 * the bound is only there to end a broken test, and is generous (the test's own timeout is the limit).
 */
export async function eventually<T>(check: () => T | Promise<T>, boundMs = 45_000): Promise<T> {
  const deadline = Date.now() + boundMs
  for (;;) {
    try {
      return await check()
    } catch (error) {
      if (Date.now() > deadline) throw error
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }
}

/** Stops every member, ignoring the failures of cut ones. */
export async function stopAll(members: Member[]): Promise<void> {
  await Promise.all(members.map((m) => m.consumer.stop().catch(() => undefined)))
}
