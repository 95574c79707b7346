import { signal } from '@preact/signals'
import { listTopics, Sluice } from '@sluice/sdk'

/** The service the console talks to, and the key it sends: one per browser tab. */
export interface Connection {
  url: string
  /** `undefined` for a service without auth (the local server on loopback). */
  apiKey: string | undefined
  client: Sluice
}

/** Session storage only: the key is gone when the tab closes, and no other tab or site sees it. */
const STORAGE_KEY = 'sluice-console'

export const connection = signal<Connection | undefined>(undefined)

/** Connects when the service answers a request with the key; throws the API's error otherwise. */
export async function connect(url: string, apiKey: string | undefined): Promise<void> {
  const base = url.trim().replace(/\/+$/, '')
  const key = apiKey?.trim() || undefined
  // Few retries: a person is waiting, and the page polls again anyway.
  const client = new Sluice({ url: base, apiKey: key, retry: { retries: 2, initialMs: 200, maxMs: 2000 } })
  await client.execute(listTopics())
  sessionStorage.setItem(STORAGE_KEY, JSON.stringify({ url: base, apiKey: key }))
  connection.value = { url: base, apiKey: key, client }
}

export function disconnect(): void {
  sessionStorage.removeItem(STORAGE_KEY)
  connection.value = undefined
}

/**
 * On load: the tab's saved connection, else the service that served the console, without a key (a
 * local server without auth). `undefined` when neither answers: the person is asked.
 */
export async function restoreConnection(): Promise<string | undefined> {
  const saved = readSaved()
  try {
    await connect(saved?.url ?? location.origin, saved?.apiKey)
    return undefined
  } catch (error) {
    return saved ? String((error as Error).message) : undefined
  }
}

function readSaved(): { url: string; apiKey: string | undefined } | undefined {
  try {
    const saved = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null') as {
      url?: unknown
      apiKey?: unknown
    } | null
    if (typeof saved?.url !== 'string') return undefined
    return { url: saved.url, apiKey: typeof saved.apiKey === 'string' ? saved.apiKey : undefined }
  } catch {
    return undefined
  }
}

/** The connected client; pages render only while connected. */
export function client(): Sluice {
  const current = connection.value
  if (!current) throw new Error('not connected')
  return current.client
}
