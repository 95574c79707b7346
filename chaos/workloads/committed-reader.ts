import { sleep } from '../../sdk/src/sleep.js'
import type { CommittedOp } from '../history.js'
import type { ServiceClient } from '../http.js'
import type { Recorder } from '../recorder.js'

/** Reads a group's committed offsets of one topic once; a failed read records nothing. */
export async function readCommitted(
  client: ServiceClient,
  process: string,
  group: string,
  topic: string,
  instance?: number,
): Promise<CommittedOp[]> {
  const invokedAt = Date.now()
  const answer = await client.request('GET', `/v1/groups/${group}/offsets?topic=${topic}`, { instance })
  if (answer.kind !== 'answer' || answer.status !== 200) return []
  const at = Date.now()
  const { offsets } = answer.body as { offsets: Array<{ topic: string; partition: number; offset: number }> }
  return offsets
    .filter((o) => o.topic === topic)
    .map((o) => ({
      type: 'committed',
      process,
      group,
      topic,
      partition: o.partition,
      offset: o.offset,
      at,
      invokedAt,
    }))
}

/** Reads the group's committed offsets every `everyMs` until stopped, recording CommittedOps. */
export async function runCommittedReader(
  client: ServiceClient,
  group: string,
  topic: string,
  everyMs: number,
  history: Recorder,
  signal: AbortSignal,
): Promise<void> {
  while (!signal.aborted) {
    for (const op of await readCommitted(client, 'committed-reader', group, topic)) history.add(op)
    await sleep(everyMs, signal)
  }
}
