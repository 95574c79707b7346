import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PutCommand } from '@aws-sdk/lib-dynamodb'
import { appendRecords } from '../../functions/engine/append.js'
import { startEmulators } from '../../functions/local/emulators.js'
import {
  type BenchService,
  benchStorage,
  createTopic,
  runFor,
  startBenchService,
} from '../support/bench-service.js'
import { round } from '../support/stats.js'

export const CONTENTION_PRODUCERS = [1, 8, 32] as const
const RAW_CONCURRENCY = 32
const WINDOW_MS = 4000
const WARMUP_MS = 1000
/** Raw and 32-producer windows alternate this many times; one more raw window closes the bracket. */
const ROUNDS = 3
const EMULATOR_WARMUP_MS = 12_000
/** About the size of a one-record index entry of a 1 KB record. */
const RAW_ITEM_BYTES = 1100

/**
 * Appends/s on one partition with 1, 8 and 32 producers calling the engine directly (no HTTP, no
 * injected latency), and the rate of plain conditional PutItems (`attribute_not_exists`, distinct keys
 * in one partition key, 1.1 KB items) at 32 concurrent callers on the same DynamoDB Local. Raw and
 * 32-producer windows alternate, starting and ending with raw, so that drift of the emulator during
 * the run (JIT warm-up, heap growth) weighs on both sides alike. It runs on a DynamoDB Local of its
 * own, stopped afterwards: the tens of thousands of items its windows write would otherwise stay in
 * the shared emulator's heap and slow every module measured after it.
 */
export async function benchContention() {
  const dataDir = mkdtempSync(join(tmpdir(), 'sluice-contention-'))
  const emulators = await startEmulators({ dataDir, inMemory: true })
  try {
    return await measureContention(
      await startBenchService({ storage: benchStorage(emulators, 'contention') }),
    )
  } finally {
    await emulators.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

async function measureContention(bench: BenchService) {
  // The raw puts go through the engine's own (instrumented) client, so that both sides pay the same
  // client-side overhead and ask DynamoDB Local for the same consumed-capacity accounting.
  const raw = bench.clients
  try {
    await createTopic(bench.http, 'contention', 1)
    let rawKey = 0
    const item = new Uint8Array(RAW_ITEM_BYTES).fill(118)
    const rawPut = async () => {
      await raw.doc.send(
        new PutCommand({
          TableName: bench.storage.table,
          Item: { pk: 'raw#contention', sk: `r#${rawKey++}`, data: item },
          ConditionExpression: 'attribute_not_exists(sk)',
        }),
      )
      return 1
    }
    const record = { key: null, value: new Uint8Array(1024).fill(118), headers: {} }
    let appends = 0
    const append = async () => {
      await appendRecords(bench.service.deps, 'contention', [record])
      appends++
      return 1
    }
    const rate = async (worker: () => Promise<number>, concurrency: number) => {
      await runFor(WARMUP_MS, concurrency, worker)
      const { completed, elapsedMs } = await runFor(WINDOW_MS, concurrency, worker)
      return completed / (elapsedMs / 1000)
    }

    // DynamoDB Local's JIT warms up over its first seconds of requests: not a property of either side.
    // Both workloads warm it, so that neither is measured on code paths the other has warmed.
    await runFor(EMULATOR_WARMUP_MS, RAW_CONCURRENCY, rawPut)
    await runFor(EMULATOR_WARMUP_MS, RAW_CONCURRENCY, append)
    const appendsPerSec: Record<string, number> = {}
    for (const producers of CONTENTION_PRODUCERS.filter((p) => p !== RAW_CONCURRENCY)) {
      appendsPerSec[producers] = round(await rate(append, producers), 1)
    }
    const rawRates = [await rate(rawPut, RAW_CONCURRENCY)]
    const at32: number[] = []
    // What an append costs the store at 32 producers: its DynamoDB calls, and how many of them failed
    // (a conflict would show here as a failed conditional write and a retry).
    // Sequencer batching shows as fewer reservations (UpdateItem) than appends.
    const calls = { requests: 0, failed: 0, reservations: 0, appends: 0 }
    const dynamoCalls = () => {
      const usage = bench.meter.snapshot()
      return {
        requests: usage.dynamoRequests,
        failed: Object.values(usage.operations).reduce((sum, u) => sum + u.failed, 0),
        reservations: usage.operations['dynamodb.UpdateItem']?.requests ?? 0,
      }
    }
    for (let i = 0; i < ROUNDS; i++) {
      const before = { ...dynamoCalls(), appends }
      at32.push(await rate(append, RAW_CONCURRENCY))
      const after = dynamoCalls()
      calls.requests += after.requests - before.requests
      calls.failed += after.failed - before.failed
      calls.reservations += after.reservations - before.reservations
      calls.appends += appends - before.appends
      rawRates.push(await rate(rawPut, RAW_CONCURRENCY))
    }
    const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length
    const rawConditionalPutsPerSec = mean(rawRates)
    appendsPerSec[RAW_CONCURRENCY] = round(mean(at32), 1)
    return {
      rawConditionalPutsPerSec: round(rawConditionalPutsPerSec, 1),
      windows: { raw: rawRates.map((r) => round(r, 1)), appends32: at32.map((r) => round(r, 1)) },
      appendsPerSec,
      ratio32: round(mean(at32) / rawConditionalPutsPerSec, 3),
      at32: {
        dynamoCallsPerAppend: round(calls.requests / calls.appends, 3),
        failedCallsPerAppend: round(calls.failed / calls.appends, 4),
        reservationsPerAppend: round(calls.reservations / calls.appends, 3),
      },
      method: `one partition; ${WINDOW_MS / 1000} s windows after ${WARMUP_MS / 1000} s warm-up (after ${EMULATOR_WARMUP_MS / 1000} s of raw puts and ${EMULATOR_WARMUP_MS / 1000} s of appends at concurrency ${RAW_CONCURRENCY} to warm DynamoDB Local up); engine appendRecords of one 1 KB record per call; raw: conditional PutItem of ${RAW_ITEM_BYTES}-byte items at concurrency ${RAW_CONCURRENCY} through the engine's DynamoDB client; ${ROUNDS} windows of 32 producers alternating with ${ROUNDS + 1} raw windows (raw first and last), each side averaged; a DynamoDB Local of its own, no injected latency`,
    }
  } finally {
    await bench.stop()
  }
}
