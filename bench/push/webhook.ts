import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface RecordingWebhook {
  url: string
  /** When each delivery's body had arrived whole (performance.now()), in order. */
  arrivals: number[]
  /** The bodies, kept as text: parsing 100 KB here would bill the target's work to the deliverer. */
  bodies: string[]
  /** How many records the deliveries so far carried. */
  recordsDelivered(): number
  close(): Promise<void>
}

/**
 * A webhook target on loopback that answers every delivery 200 at once and notes when it arrived;
 * `onArrival` runs then too.
 */
export async function startRecordingWebhook(
  onArrival: () => void = () => undefined,
): Promise<RecordingWebhook> {
  const arrivals: number[] = []
  const bodies: string[] = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      arrivals.push(performance.now())
      onArrival()
      bodies.push(Buffer.concat(chunks).toString('utf8'))
      res.writeHead(200).end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  let counted = 0
  let records = 0
  return {
    url: `http://127.0.0.1:${port}/hook`,
    arrivals,
    bodies,
    recordsDelivered() {
      for (; counted < bodies.length; counted++) {
        records += (JSON.parse(bodies[counted] as string) as { records: unknown[] }).records.length
      }
      return records
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
