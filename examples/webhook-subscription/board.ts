/**
 * The ETA board: the webhook target of the `eta-board` subscription (see eta-board.ts).
 * Run: npx tsx examples/webhook-subscription/board.ts [--port 4300]
 * GET http://127.0.0.1:4300/board shows each rider's latest ETA.
 */
import { parseArgs } from 'node:util'
import { startEtaBoard } from './eta-board.js'
import { secretFromEnv } from './shared.js'

const { values } = parseArgs({ options: { port: { type: 'string', default: '4300' } } })
const board = await startEtaBoard({ secret: secretFromEnv(), port: Number(values.port) })
console.log(`ETA board at ${board.url}/board, taking deliveries at ${board.url}/hook`)

process.once('SIGINT', async () => {
  await board.close()
  console.log(`stopped after ${board.board.deliveries} deliveries`)
})
