import type { Emulators } from '../../functions/local/emulators.js'
import {
  benchStorage,
  createTopic,
  produceBody,
  runFor,
  startBenchService,
} from '../support/bench-service.js'
import { round } from '../support/stats.js'

export const THROUGHPUT_BATCHES = [1, 10, 100, 1000] as const
const RECORD_BYTES = 1024
const PARTITIONS = 8
const CONCURRENCY = 4
const WINDOW_MS = 5000
const WARMUP_MS = 1000

/**
 * Records/s and MB/s (MiB of record values) through the HTTP path on this machine: `CONCURRENCY`
 * clients each POSTing batches of 1 KB null-key records to one topic of `PARTITIONS` partitions, with
 * no injected latency. Client, service and s3rver share this Node process; DynamoDB Local is a Java
 * child: all compete for the same cores, as they would on a laptop running `npm start`.
 */
export async function benchThroughput(emulators: Emulators) {
  const bench = await startBenchService({ storage: benchStorage(emulators, 'throughput') })
  try {
    const results: Record<string, { recordsPerSec: number; mbPerSec: number }> = {}
    for (const batch of THROUGHPUT_BATCHES) {
      const topic = `throughput-${batch}`
      await createTopic(bench.http, topic, PARTITIONS)
      const body = produceBody(batch, RECORD_BYTES)
      const produce = async () => {
        await bench.http.ok('POST', `/v1/topics/${topic}/records`, body)
        return batch
      }
      await runFor(WARMUP_MS, CONCURRENCY, produce)
      const { completed, elapsedMs } = await runFor(WINDOW_MS, CONCURRENCY, produce)
      const recordsPerSec = completed / (elapsedMs / 1000)
      results[`batch${batch}`] = {
        recordsPerSec: round(recordsPerSec, 1),
        mbPerSec: round((recordsPerSec * RECORD_BYTES) / 1048576, 2),
      }
    }
    return {
      ...results,
      method: `HTTP POST of batches of 1 KB records, ${CONCURRENCY} concurrent clients, topic of ${PARTITIONS} partitions (null keys), ${WINDOW_MS / 1000} s window after ${WARMUP_MS / 1000} s warm-up; DynamoDB Local and s3rver, no injected latency; MB = MiB of record values`,
    }
  } finally {
    await bench.stop()
  }
}
