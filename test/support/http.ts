import { type Answer, checkAnswer } from './contract.js'

/**
 * `fetch`, with the answer held to the OpenAPI document (./contract.ts) before it is handed back: one
 * the document does not allow (or a success to a request it refuses) throws, naming the request, the
 * status and what is wrong.
 */
export async function fetchChecked(baseUrl: string, path: string, init: RequestInit = {}): Promise<Answer> {
  const response = await fetch(`${baseUrl}${path}`, init)
  const answer = { status: response.status, headers: response.headers, text: await response.text() }
  checkAnswer(init.method ?? 'GET', path, answer, init)
  return answer
}

/**
 * A tiny JSON client for tests of the HTTP contract: status and body, nothing hidden, every answer held
 * to the OpenAPI document. The body is parsed JSON where the answer is JSON, else its text (undefined
 * when empty).
 */
export function api(baseUrl: string) {
  return async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
    // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON shapes from responses
  ): Promise<{ status: number; body: any; headers: Headers }> => {
    const init: RequestInit = { method, headers: { 'content-type': 'application/json', ...headers } }
    if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body)
    const { status, headers: answered, text } = await fetchChecked(baseUrl, path, init)
    const isJson = answered.get('content-type')?.startsWith('application/json')
    return { status, body: text === '' ? undefined : isJson ? JSON.parse(text) : text, headers: answered }
  }
}
