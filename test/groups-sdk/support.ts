import { type Consumer, type ConsumerLogger, type ConsumerOptions, Sluice } from '../../sdk/src/index.js'

/** What happens to one request on a `Link`. */
export type LinkAction = 'forward' | 'fail' | 'drop-answer'

/**
 * A member's network link, for failure injection. `fail`: the request never reaches the service, as
 * when the member's process has crashed or is cut off (the service sees no more heartbeats, renewals
 * or commits). `drop-answer`: the service acts on the request but the answer is lost, as with a
 * dropped connection or a front-door timeout after the append. `cut()` fails everything from now on.
 */
export class Link {
  #rule: ((path: string, method: string) => LinkAction) | undefined

  readonly fetch: typeof fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input))
    const action = this.#rule?.(url.pathname, init?.method ?? 'GET') ?? 'forward'
    if (action === 'fail') throw new TypeError('fetch failed: link cut by the test')
    const response = await fetch(input, init)
    if (action === 'drop-answer') {
      await response.arrayBuffer()
      throw new TypeError('fetch failed: answer dropped by the test')
    }
    return response
  }

  cut(): void {
    this.#rule = () => 'fail'
  }

  /** Decides each request from now on (`forward` unless the rule says otherwise). */
  setRule(rule: (path: string, method: string) => LinkAction): void {
    this.#rule = rule
  }

  heal(): void {
    this.#rule = undefined
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
