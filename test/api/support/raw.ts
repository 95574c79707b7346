import { request } from 'node:http'
import { checkAnswer } from '../../support/contract.js'

/**
 * One request with the path sent exactly as written: `fetch` resolves `.` and `..` segments (also
 * percent-encoded ones) before sending, so a topic named `..` in the path can only be sent this way.
 * The answer is held to the OpenAPI document, as api() holds its answers.
 */
export function rawRequest(
  baseUrl: string,
  method: string,
  path: string,
): Promise<{ status: number; text: string }> {
  const url = new URL(baseUrl)
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, method, path }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        text += chunk
      })
      res.on('end', () => {
        const headers = new Headers()
        for (const [name, value] of Object.entries(res.headers)) {
          if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value)
        }
        const status = res.statusCode ?? 0
        try {
          checkAnswer(method, path, { status, headers, text })
          resolve({ status, text })
        } catch (err) {
          reject(err)
        }
      })
    })
    req.on('error', reject)
    req.end()
  })
}
