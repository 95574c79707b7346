import { type ConsumedMessage, Sluice } from '../../sdk/src/index.js'
import { txnOutputValue } from '../history.js'
import { Random } from '../random.js'
import { MEMBER_ENV, type MemberConfig } from './config.js'
import { JournalWriter } from './journal.js'

/**
 * One member of the exactly-once consumer group, as a user would write it with the SDK: a consumer
 * whose eachBatch handler appends each input's output (`out:` + value, to the same partition of the
 * output topic) and commits the input offsets in one transaction. It runs as its own process so that
 * the nemesis can kill it (-9) or stop it past its lease and let it run on as a zombie.
 */
const config = JSON.parse(process.env[MEMBER_ENV] ?? '') as MemberConfig
const journal = new JournalWriter(config.journal)
const random = new Random(config.seed)

/** The transaction in flight: whether any of its attempts may have been applied without an answer saying so. */
let inFlight: { unknown: boolean } | undefined

/** Sends each request to one instance drawn at random, as a load balancer in front of them would. */
const routed: typeof fetch = async (input, init) => {
  const url = new URL(input instanceof Request ? input.url : String(input))
  const target = new URL(random.pick(config.urls))
  url.protocol = target.protocol
  url.host = target.host
  const transaction = url.pathname === '/v1/transactions' ? inFlight : undefined
  try {
    const response = await fetch(url, init)
    if (transaction && (await mayHaveLanded(response))) transaction.unknown = true
    return response
  } catch (error) {
    const refused = (error as { cause?: { code?: string } }).cause?.code === 'ECONNREFUSED'
    if (transaction && !refused) transaction.unknown = true
    throw error
  }
}

/** An answer after which a write may or may not have landed: a 500, or a 503 saying its outcome is unknown. */
async function mayHaveLanded(response: Response): Promise<boolean> {
  if (response.status < 500) return false
  if (response.status !== 503) return true
  const body = (await response
    .clone()
    .json()
    .catch(() => undefined)) as { error?: { outcome?: string } } | undefined
  return body?.error?.outcome === 'unknown'
}

const sluice = new Sluice({
  url: config.urls[0] as string,
  fetch: routed,
  requestTimeoutMs: config.requestTimeoutMs,
})
const quiet = { info() {}, warn: log, error: log }
const consumer = sluice.consumer({
  groupId: config.group,
  memberId: config.memberId,
  leaseMs: config.leaseMs,
  sessionMs: config.leaseMs,
  logger: quiet,
})
let nextId = 0

consumer.on('rebalance', () => {
  const partitions = consumer
    .assignment()
    .filter((p) => p.topic === config.inputTopic)
    .map((p) => p.partition)
    .sort((a, b) => a - b)
  journal.write({
    kind: 'assign',
    op: { type: 'assign', process: config.process, topic: config.inputTopic, partitions, at: Date.now() },
  })
})

async function processBatch(partition: number, messages: ConsumedMessage[], nextOffset: number) {
  const id = nextId++
  const inputs = messages.map((m) => ({ offset: m.offset, value: m.value, key: m.key }))
  const outputs = messages.map((m) => ({ value: txnOutputValue(m.value ?? ''), key: m.key, partition }))
  journal.write({
    kind: 'invoke',
    id,
    op: {
      type: 'txn',
      process: config.process,
      group: config.group,
      inputTopic: config.inputTopic,
      inputPartition: partition,
      inputs,
      outputTopic: config.outputTopic,
      outputs,
      commitOffset: nextOffset,
      epoch: -1,
      outcome: 'info',
      invokedAt: Date.now(),
      completedAt: Date.now(),
    },
  })
  const attempt = { unknown: false }
  inFlight = attempt
  try {
    const placed = await sluice.transaction({
      produce: [{ topic: config.outputTopic, messages: outputs }],
      commit: { consumer, offsets: [{ topic: config.inputTopic, partition, offset: nextOffset }] },
    })
    journal.write({
      kind: 'complete',
      id,
      outcome: 'ok',
      completedAt: Date.now(),
      outputs: outputs.map((o, i) => ({ ...o, partition: placed[i]?.partition, offset: placed[i]?.offset })),
    })
  } catch (error) {
    journal.write({
      kind: 'complete',
      id,
      outcome: attempt.unknown ? 'info' : 'fail',
      completedAt: Date.now(),
      error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    })
    // As a user's handler would: the SDK backs off and hands the batch over again (or drops a fenced partition).
    throw error
  } finally {
    inFlight = undefined
  }
}

function log(message: string, details?: Record<string, unknown>) {
  process.stderr.write(
    `${new Date().toISOString()} ${config.process} ${message} ${JSON.stringify(details ?? {})}\n`,
  )
}

// The runner's channel: a stop message ends the member cleanly; losing the runner ends it at once.
process.on('message', (message) => {
  if ((message as { type?: string }).type !== 'stop') return
  void consumer.stop().finally(() => {
    journal.close()
    process.exit(0)
  })
})
process.on('disconnect', () => process.exit(1))

await consumer.subscribe({ topics: [config.inputTopic], fromBeginning: true })
await consumer.run({
  autoCommit: false,
  eachBatch: ({ partition, messages, nextOffset }) => processBatch(partition, messages, nextOffset),
})
