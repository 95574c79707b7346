import type { FinalRead, History, Op, SendOp, SentRecord, TxnOp } from '../history.js'

/**
 * Indexes of a history that every check shares: who wrote each value, where each value was read,
 * and what the final reads hold. Built once, read only.
 */

/** Where a record sits. */
export interface Location {
  topic: string
  partition: number
  offset: number
}

/** One record as some reader saw it. */
export interface ObservedRecord extends Location {
  value: string | null
  /** A consumer's poll, a txn's input, or the final read after healing. */
  source: 'poll' | 'txn' | 'final'
  process?: string
}

/** One attempt to write a value: a send's record, or a txn's output. */
export interface Write {
  op: SendOp | TxnOp
  topic: string
  record: SentRecord
}

/** The final read of one partition. */
export interface FinalPartition {
  read: FinalRead
  /** Its records in offset order. */
  records: FinalRead['records']
}

export interface Observations {
  /** Every record any reader saw: polls and txn inputs in history order, then the final reads. */
  reads: ObservedRecord[]
  /** Values read anywhere. */
  readValues: Set<string>
  /** Values a consumer (a poll or a txn's input) read; the final reads are not consumers. */
  consumed: Set<string>
  finals: Map<string, FinalPartition>
  /** Value to where the final reads hold it. */
  finalLocations: Map<string, Location[]>
  /** Value to every attempt to write it, in history order. */
  writes: Map<string, Write[]>
}

export function partitionKey(topic: string, partition: number): string {
  return JSON.stringify([topic, partition])
}

export function formatLocation({ topic, partition, offset }: Location): string {
  return `${topic}/${partition}@${offset}`
}

/** A write's position when the service acknowledged it (an ok op that answered partition and offset). */
export function ackedLocation(write: Write): Location | undefined {
  const { partition, offset } = write.record
  if (write.op.outcome !== 'ok' || partition === undefined || offset === undefined) return undefined
  return { topic: write.topic, partition, offset }
}

/** Whether the final read of a location's partition can tell what is there: it exists and retention kept the offset. */
export function finalCovers(obs: Observations, location: Location): boolean {
  const final = obs.finals.get(partitionKey(location.topic, location.partition))
  return final !== undefined && location.offset >= final.read.startOffset
}

export function observe(history: History): Observations {
  const reads: ObservedRecord[] = []
  const consumed = new Set<string>()
  const writes = new Map<string, Write[]>()

  for (const op of history.ops) {
    for (const record of consumerReads(op)) {
      reads.push(record)
      if (record.value !== null) consumed.add(record.value)
    }
    if (op.type === 'send') {
      for (const record of op.records) pushTo(writes, record.value, { op, topic: op.topic, record })
    } else if (op.type === 'txn') {
      for (const record of op.outputs) pushTo(writes, record.value, { op, topic: op.outputTopic, record })
    }
  }

  const finals = new Map<string, FinalPartition>()
  const finalLocations = new Map<string, Location[]>()
  for (const read of history.finalReads) {
    const records = [...read.records].sort((a, b) => a.offset - b.offset)
    finals.set(partitionKey(read.topic, read.partition), { read, records })
    for (const r of records) {
      const location = { topic: read.topic, partition: read.partition, offset: r.offset }
      reads.push({ ...location, value: r.value, source: 'final' })
      if (r.value !== null) pushTo(finalLocations, r.value, location)
    }
  }

  const readValues = new Set<string>()
  for (const r of reads) if (r.value !== null) readValues.add(r.value)
  return { reads, readValues, consumed, finals, finalLocations, writes }
}

/** The records a consumer saw in one op, whatever its outcome: a fetch that returned records did read them. */
function consumerReads(op: Op): ObservedRecord[] {
  if (op.type === 'poll') {
    return op.records.map((r) => ({
      topic: op.topic,
      partition: op.partition,
      offset: r.offset,
      value: r.value,
      source: 'poll' as const,
      process: op.process,
    }))
  }
  if (op.type === 'txn') {
    return op.inputs.map((r) => ({
      topic: op.inputTopic,
      partition: op.inputPartition,
      offset: r.offset,
      value: r.value,
      source: 'txn' as const,
      process: op.process,
    }))
  }
  return []
}

/** Appends to the list under `key`, creating it. */
export function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key)
  if (list) list.push(value)
  else map.set(key, [value])
}
