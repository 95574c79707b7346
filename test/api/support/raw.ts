import { request } from 'node:http'

/**
 * One request with the path sent exactly as written: `fetch` resolves `.` and `..` segments (also
 * percent-encoded ones) before sending, so a topic named `..` in the path can only be sent this way.
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
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }))
    })
    req.on('error', reject)
    req.end()
  })
}
