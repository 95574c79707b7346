import type { Command } from '../command.js'
import type { Topic, TopicWithOffsets } from '../types.js'
import { segment } from './segment.js'

export interface CreateTopicInput {
  name: string
  /** 1..1024; the service's default is 1. */
  partitions?: number
  /** Milliseconds, >= 1000, or -1 for forever; the service's default is 7 days. */
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
  /** The new total; partitions only grow. */
  partitions?: number
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
