import { checkAnswer } from './contract.js'

/**
 * A tiny JSON client for tests of the HTTP contract: status and body, nothing hidden. Every answer is
 * held to the OpenAPI document first (./contract.ts): one it does not allow throws, naming the request,
 * the status and what is wrong. The body is parsed JSON where the answer is JSON, else its text
 * (undefined when empty).
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
    const response = await fetch(`${baseUrl}${path}`, init)
    const text = await response.text()
    checkAnswer(method, path, { status: response.status, headers: response.headers, text })
    const isJson = response.headers.get('content-type')?.startsWith('application/json')
    return {
      status: response.status,
      body: text === '' ? undefined : isJson ? JSON.parse(text) : text,
      headers: response.headers,
    }
  }
}
