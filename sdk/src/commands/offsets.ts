import type { Command } from '../command.js'
import { segment } from './segment.js'

export interface PartitionOffset {
  partition: number
  offset: number
}

/** Per partition, the first offset whose record's timestamp is at or after `timestamp` (else the end). */
export function offsetsForTimestamp(topic: string, timestamp: number): Command<PartitionOffset[]> {
  return {
    request: { method: 'GET', path: `/v1/topics/${segment(topic)}/offsets`, query: { timestamp } },
    context: { topic },
    parse: (response) => (response.body as { offsets: PartitionOffset[] }).offsets,
  }
}
