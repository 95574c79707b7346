import type { Executor } from './command.js'
import {
  deleteGroup,
  describeGroup,
  type GroupDescription,
  listGroups,
  readGroupOffsets,
  resetGroupOffsets,
} from './commands/groups.js'
import { offsetsForTimestamp, type PartitionOffset } from './commands/offsets.js'
import {
  alterSubscription,
  createSubscription,
  deleteSubscription,
  describeSubscription,
  listSubscriptions,
} from './commands/subscriptions.js'
import { alterTopic, createTopic, deleteTopic, describeTopic, listTopics } from './commands/topics.js'
import { TopicExistsError } from './errors.js'
import type {
  AlterSubscriptionInput,
  CreateSubscriptionInput,
  Subscription,
  SubscriptionDescription,
} from './subscription-types.js'
import type { Topic } from './types.js'

export interface TopicConfig {
  topic: string
  /**
   * Partitions, 1..1024.
   *
   * @default 1
   */
  numPartitions?: number
  /**
   * How long records are kept, in ms, or -1 for forever.
   *
   * @default 7 days
   */
  retentionMs?: number
}

export interface TopicMetadata {
  name: string
  partitions: Array<{ partitionId: number }>
  retentionMs: number
  createdAt: number
}

export interface TopicPartitionOffsets {
  partition: number
  /** The first offset still held (KafkaJS's `low`). */
  low: number
  /** The high watermark, one past the last record (KafkaJS's `high`). */
  high: number
  /** Same as `high`, as KafkaJS returns it. */
  offset: number
}

/** Topic, group and subscription administration, shaped like KafkaJS's admin client. */
export class Admin {
  readonly #client: Executor

  constructor(client: Executor) {
    this.#client = client
  }

  /** Creates topics; resolves `true` when all were created, `false` when some already existed (as KafkaJS). */
  async createTopics({ topics }: { topics: TopicConfig[] }): Promise<boolean> {
    const created = await Promise.all(
      topics.map(async ({ topic, numPartitions, retentionMs }) => {
        try {
          await this.#client.execute(
            createTopic({
              name: topic,
              ...(numPartitions === undefined ? {} : { partitions: numPartitions }),
              ...(retentionMs === undefined ? {} : { retentionMs }),
            }),
          )
          return true
        } catch (error) {
          if (error instanceof TopicExistsError) return false
          throw error
        }
      }),
    )
    return created.every(Boolean)
  }

  /** Names of all topics, sorted. */
  async listTopics(): Promise<string[]> {
    return (await this.#client.execute(listTopics())).map((topic) => topic.name)
  }

  async deleteTopics({ topics }: { topics: string[] }): Promise<void> {
    await Promise.all(topics.map((topic) => this.#client.execute(deleteTopic(topic))))
  }

  /** Grows topics to `count` partitions in total (partitions never shrink). */
  async createPartitions({ topicPartitions }: { topicPartitions: Array<{ topic: string; count: number }> }) {
    await Promise.all(
      topicPartitions.map(({ topic, count }) =>
        this.#client.execute(alterTopic(topic, { partitions: count })),
      ),
    )
    return true
  }

  /** Partitions and retention of the given topics, or of every topic when none are named. */
  async fetchTopicMetadata({ topics }: { topics?: string[] } = {}): Promise<{ topics: TopicMetadata[] }> {
    const described: Topic[] = topics
      ? await Promise.all(topics.map((topic) => this.#client.execute(describeTopic(topic))))
      : await this.#client.execute(listTopics())
    return {
      topics: described.map(({ name, partitions, retentionMs, createdAt }) => ({
        name,
        partitions: Array.from({ length: partitions }, (_, partitionId) => ({ partitionId })),
        retentionMs,
        createdAt,
      })),
    }
  }

  /** Low and high offsets of every partition of the topic. */
  async fetchTopicOffsets(topic: string): Promise<TopicPartitionOffsets[]> {
    const { offsets } = await this.#client.execute(describeTopic(topic))
    return offsets.map(({ partition, startOffset, endOffset }) => ({
      partition,
      low: startOffset,
      high: endOffset,
      offset: endOffset,
    }))
  }

  /** Per partition, the first offset at or after `timestamp` (the high watermark where there is none). */
  fetchTopicOffsetsByTimestamp(topic: string, timestamp: number): Promise<PartitionOffset[]> {
    return this.#client.execute(offsetsForTimestamp(topic, timestamp))
  }

  /** Every consumer group, with the topics it has used. */
  async listGroups(): Promise<{ groups: Array<{ groupId: string; topics: string[] }> }> {
    const groups = await this.#client.execute(listGroups())
    return { groups: groups.map(({ group, topics }) => ({ groupId: group, topics })) }
  }

  /** Live members, and per partition: committed offset, end offset, lag, lease owner and epoch. */
  describeGroup(groupId: string): Promise<GroupDescription> {
    return this.#client.execute(describeGroup(groupId))
  }

  /** Deletes groups' offsets, leases and members; `GroupActiveError` while a group has a live lease. */
  async deleteGroups(groupIds: string[]): Promise<void> {
    await Promise.all(groupIds.map((groupId) => this.#client.execute(deleteGroup(groupId))))
  }

  /**
   * The group's committed offsets (the next offset to consume) for every partition of the topics,
   * -1 where it has committed nothing (as KafkaJS answers).
   */
  async fetchOffsets({
    groupId,
    topics,
  }: {
    groupId: string
    topics: string[]
  }): Promise<Array<{ topic: string; partitions: Array<{ partition: number; offset: number }> }>> {
    return Promise.all(
      topics.map(async (topic) => {
        const [described, committed] = await Promise.all([
          this.#client.execute(describeTopic(topic)),
          this.#client.execute(readGroupOffsets(groupId, topic)),
        ])
        const byPartition = new Map(committed.map((c) => [c.partition, c.offset]))
        return {
          topic,
          partitions: Array.from({ length: described.partitions }, (_, partition) => ({
            partition,
            offset: byPartition.get(partition) ?? -1,
          })),
        }
      }),
    )
  }

  /** Moves the group's offsets on a topic to the end, or to the start with `earliest`; refused while the group consumes it. */
  async resetOffsets({
    groupId,
    topic,
    earliest = false,
  }: {
    groupId: string
    topic: string
    /**
     * Moves to the earliest record still held instead of the end.
     *
     * @default false
     */
    earliest?: boolean
  }) {
    await this.#client.execute(resetGroupOffsets(groupId, topic, { to: earliest ? 'earliest' : 'latest' }))
  }

  /** Sets the group's offsets of some partitions; refused while the group consumes the topic. */
  async setOffsets({
    groupId,
    topic,
    partitions,
  }: {
    groupId: string
    topic: string
    partitions: Array<{ partition: number; offset: number }>
  }) {
    await this.#client.execute(resetGroupOffsets(groupId, topic, { offsets: partitions }))
  }

  /**
   * Creates a subscription: the topic's records pushed to a webhook or Lambda function, partition by
   * partition in offset order (docs/subscriptions.md). `SubscriptionExistsError` when the name is taken;
   * `TopicNotFoundError` when the topic or the dead-letter topic does not exist.
   */
  createSubscription(input: CreateSubscriptionInput): Promise<Subscription> {
    return this.#client.execute(createSubscription(input))
  }

  /** Every subscription, sorted by name (`describeSubscription` for delivery state). */
  listSubscriptions(): Promise<Subscription[]> {
    return this.#client.execute(listSubscriptions())
  }

  /** The subscription, and per partition: committed offset, end, lag, state, attempts, last error. */
  describeSubscription(name: string): Promise<SubscriptionDescription> {
    return this.#client.execute(describeSubscription(name))
  }

  /**
   * Pauses (`{ paused: true }`), resumes, or changes the target, batch, retry or dead-letter topic; fields
   * left out keep their values. Any `retry` given unblocks a blocked partition.
   */
  alterSubscription(name: string, changes: AlterSubscriptionInput): Promise<Subscription> {
    return this.#client.execute(alterSubscription(name, changes))
  }

  /** Stops delivery and deletes the subscription; its group and committed offsets stay. */
  async deleteSubscription(name: string): Promise<void> {
    await this.#client.execute(deleteSubscription(name))
  }
}
