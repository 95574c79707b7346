import { sleep } from '../sdk/src/sleep.js'
import type { FinalRead, PolledRecord } from './history.js'
import { errorOf, type ServiceClient } from './http.js'

export interface PartitionRange {
  topic: string
  partition: number
  startOffset: number
  endOffset: number
}

/** Times a read may fail or stand still (an unfilled hole, a refused request) before it gives up. */
const STUCK_LIMIT = 40
const RETRY_MS = 500

/** Every partition's start and end offsets, as the topic's description gives them. */
export async function partitionRanges(
  client: ServiceClient,
  topics: readonly string[],
): Promise<PartitionRange[]> {
  const ranges: PartitionRange[] = []
  for (const topic of topics) {
    for (let attempt = 0; ; attempt++) {
      const answer = await client.request('GET', `/v1/topics/${topic}`)
      if (answer.kind === 'answer' && answer.status === 200) {
        const { offsets } = answer.body as { offsets: Array<Omit<PartitionRange, 'topic'>> }
        ranges.push(...offsets.map((o) => ({ topic, ...o })))
        break
      }
      if (attempt >= STUCK_LIMIT) throw new Error(`describing ${topic} failed: ${errorOf(answer)}`)
      await sleep(RETRY_MS)
    }
  }
  return ranges
}

/**
 * Reads one partition from its start offset to its end offset, as a fresh reader. `problems` gets a
 * line for each failed fetch, and one if the read gave up before the end.
 */
export async function finalRead(
  client: ServiceClient,
  range: PartitionRange,
  problems: string[],
): Promise<FinalRead> {
  const records: PolledRecord[] = []
  let position = range.startOffset
  let stuck = 0
  const where = `${range.topic}/${range.partition}`
  while (position < range.endOffset) {
    const answer = await client.request(
      'GET',
      `/v1/topics/${range.topic}/partitions/${range.partition}/records?offset=${position}&limit=10000&maxBytes=4194304`,
    )
    if (answer.kind === 'answer' && answer.status === 200) {
      const body = answer.body as { records: PolledRecord[]; nextOffset: number }
      for (const { offset, value, key } of body.records) records.push({ offset, value, key })
      if (body.nextOffset > position) {
        position = body.nextOffset
        stuck = 0
        continue
      }
    } else {
      problems.push(`final read of ${where} at ${position}: ${errorOf(answer)}`)
    }
    if (++stuck > STUCK_LIMIT) {
      problems.push(`final read of ${where} gave up at ${position} of ${range.endOffset}`)
      break
    }
    await sleep(RETRY_MS)
  }
  return { ...range, records }
}
