import {
  createTopic,
  describeTopic,
  type FetchedRecord,
  fetchRecords,
  type Sluice,
} from '../../../sdk/src/index.js'

let counter = 0

/** Creates a topic with a fresh name (tests in one file share a service). */
export async function freshTopic(sluice: Sluice, prefix: string, partitions = 1): Promise<string> {
  const name = `${prefix}-${Date.now().toString(36)}-${counter++}`
  await sluice.execute(createTopic({ name, partitions }))
  return name
}

/** Every record of every partition, read with the fetch endpoint up to each partition's end offset. */
export async function readAll(sluice: Sluice, topic: string): Promise<Map<number, FetchedRecord<string>[]>> {
  const { offsets } = await sluice.execute(describeTopic(topic))
  const byPartition = new Map<number, FetchedRecord<string>[]>()
  for (const { partition, startOffset, endOffset } of offsets) {
    const records: FetchedRecord<string>[] = []
    let offset = startOffset
    while (offset < endOffset) {
      const batch = await sluice.execute(fetchRecords({ topic, partition, offset, limit: 10_000 }))
      records.push(...batch.records)
      if (batch.nextOffset <= offset) break
      offset = batch.nextOffset
    }
    byPartition.set(partition, records)
  }
  return byPartition
}

/** The values of all records of a topic, over all partitions. */
export async function allValues(sluice: Sluice, topic: string): Promise<string[]> {
  return [...(await readAll(sluice, topic)).values()].flat().map((record) => record.value ?? '')
}
