import type { Command } from '../command.js'
import type { Topic, TopicWithOffsets } from '../types.js'
import { segment } from './segment.js'

export interface CreateTopicInput {
  name: string
  /**
   * Partitions, 1..1024.
   *
   * @default 1 (the service's)
   */
  partitions?: number
  /**
   * How long records are kept, in ms (>= 1,000), or -1 for forever.
   *
   * @default 7 days (the service's)
   */
  retentionMs?: number
}

export function createTopic(input: CreateTopicInput): Command<Topic> {
  return {
    request: { method: 'POST', path: '/v1/topics', body: JSON.stringify(input) },
    context: { topic: input.name },
    parse: (response) => response.body as Topic,
  }
}

export function listTopics(): Command<Topic[]> {
  return {
    request: { method: 'GET', path: '/v1/topics' },
    context: {},
    parse: (response) => (response.body as { topics: Topic[] }).topics,
  }
}

export function describeTopic(name: string): Command<TopicWithOffsets> {
  return {
    request: { method: 'GET', path: `/v1/topics/${segment(name)}` },
    context: { topic: name },
    parse: (response) => response.body as TopicWithOffsets,
  }
}

export interface AlterTopicInput {
  /**
   * The new total; partitions only grow.
   *
   * @default unchanged
   */
  partitions?: number
  /**
   * How long records are kept, in ms (>= 1,000), or -1 for forever.
   *
   * @default unchanged
   */
  retentionMs?: number
}

export function alterTopic(name: string, input: AlterTopicInput): Command<Topic> {
  return {
    request: { method: 'PATCH', path: `/v1/topics/${segment(name)}`, body: JSON.stringify(input) },
    context: { topic: name },
    parse: (response) => response.body as Topic,
  }
}

export function deleteTopic(name: string): Command<void> {
  return {
    request: { method: 'DELETE', path: `/v1/topics/${segment(name)}` },
    context: { topic: name },
    parse: () => undefined,
  }
}
