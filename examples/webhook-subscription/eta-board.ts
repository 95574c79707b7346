/**
 * The webhook target: a plain node:http server. `POST /hook` takes Sluice's deliveries, checks each
 * one's signature with the SDK, and applies the ETA updates to a board; `GET /board` shows it as JSON.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  type DeliveryEvent,
  SIGNATURE_HEADER,
  SignatureVerificationError,
  verifySignature,
} from '@sluice/sdk'
import type { EtaUpdate } from './shared.js'

export interface RiderEta {
  etaMinutes: number
  /** Where the update came from, to see ordering and redelivery at work. */
  partition: number
  offset: number
  updatedAt: string
}

export interface Board {
  riders: Record<string, RiderEta>
  /** Batches applied, and records skipped because they had been applied already (at-least-once). */
  deliveries: number
  redelivered: number
  /** Requests refused because their signature did not verify. */
  refused: number
}

export interface EtaBoard {
  url: string
  board: Board
  close(): Promise<void>
}

/**
 * Starts the board's server on 127.0.0.1:`port` (0 picks a free one). `log` gets a line per update
 * applied and per request refused.
 */
export async function startEtaBoard(options: {
  secret: string
  port: number
  log?: (line: string) => void
}): Promise<EtaBoard> {
  const log = options.log ?? console.log
  const board: Board = { riders: {}, deliveries: 0, redelivered: 0, refused: 0 }
  // Records are delivered at least once: a batch whose answer was lost comes again. Offsets only grow
  // within a partition, so one number per partition tells an update already applied.
  const appliedUpTo = new Map<number, number>()

  async function receive(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await rawBody(req)
    try {
      // The raw bytes, as received: JSON parsed and serialized again would not be what was signed.
      await verifySignature({ secret: options.secret, header: req.headers[SIGNATURE_HEADER], body })
    } catch (error) {
      if (!(error instanceof SignatureVerificationError)) throw error
      board.refused++
      log(`refused a delivery: ${error.reason}: ${error.message}`)
      return reply(res, 401, { error: error.reason })
    }
    const event = JSON.parse(body.toString('utf8')) as DeliveryEvent
    board.deliveries++
    for (const record of event.records) {
      if (record.offset <= (appliedUpTo.get(event.partition) ?? -1)) {
        board.redelivered++
        continue
      }
      const update = JSON.parse(record.value ?? '{}') as EtaUpdate
      board.riders[update.rider] = {
        etaMinutes: update.etaMinutes,
        partition: event.partition,
        offset: record.offset,
        updatedAt: new Date(record.timestamp).toISOString(),
      }
      appliedUpTo.set(event.partition, record.offset)
      const eta = update.etaMinutes === 0 ? 'arrived' : `${update.etaMinutes} min`
      log(`${update.rider}: ${eta} (partition ${event.partition}, offset ${record.offset})`)
    }
    // 2xx: the whole batch succeeded, and Sluice commits it. Any other status is retried later.
    reply(res, 200, {})
  }

  const server = createServer((req, res) => {
    const route = `${req.method} ${req.url}`
    const handled =
      route === 'POST /hook'
        ? receive(req, res)
        : route === 'GET /board'
          ? Promise.resolve(reply(res, 200, board))
          : Promise.resolve(reply(res, 404, { error: 'POST /hook or GET /board' }))
    handled.catch((error: unknown) => {
      log(`failed: ${error instanceof Error ? error.message : String(error)}`)
      reply(res, 500, { error: 'internal' })
    })
  })
  await listen(server, options.port)
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    board,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}

function rawBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' })
  res.end(JSON.stringify(body))
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => resolve())
  })
}
