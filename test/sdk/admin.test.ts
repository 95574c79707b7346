import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Sluice, TopicNotFoundError } from '../../sdk/src/index.js'
import { startTestService } from '../support/service.js'

let service: Awaited<ReturnType<typeof startTestService>>
let sluice: Sluice

beforeAll(async () => {
  service = await startTestService()
  sluice = new Sluice({ url: service.url })
}, 120_000)

afterAll(async () => {
  await service?.stop()
})

describe('Admin against the local service', { timeout: 60_000 }, () => {
  it('creates, lists, describes, grows and deletes topics', async () => {
    const admin = sluice.admin()
    const [a, b] = [`admin-a-${Date.now()}`, `admin-b-${Date.now()}`]
    expect(
      await admin.createTopics({
        topics: [{ topic: a, numPartitions: 3, retentionMs: 3_600_000 }, { topic: b }],
      }),
    ).toBe(true)
    expect(await admin.createTopics({ topics: [{ topic: a }] })).toBe(false) // already there, as KafkaJS
    expect(await admin.listTopics()).toEqual(expect.arrayContaining([a, b]))

    const { topics } = await admin.fetchTopicMetadata({ topics: [a] })
    expect(topics).toEqual([
      {
        name: a,
        partitions: [{ partitionId: 0 }, { partitionId: 1 }, { partitionId: 2 }],
        retentionMs: 3_600_000,
        createdAt: expect.any(Number),
      },
    ])
    const all = await admin.fetchTopicMetadata()
    expect(all.topics.find((t) => t.name === b)?.partitions).toHaveLength(1)

    expect(await admin.createPartitions({ topicPartitions: [{ topic: a, count: 5 }] })).toBe(true)
    expect((await admin.fetchTopicMetadata({ topics: [a] })).topics[0]?.partitions).toHaveLength(5)

    await admin.deleteTopics({ topics: [a, b] })
    expect(await admin.listTopics()).not.toEqual(expect.arrayContaining([a]))
    await expect(admin.fetchTopicOffsets(a)).rejects.toBeInstanceOf(TopicNotFoundError)
  })

  it('fetches offsets, and offsets by timestamp', async () => {
    const admin = sluice.admin()
    const topic = `admin-offsets-${Date.now()}`
    await admin.createTopics({ topics: [{ topic, numPartitions: 2 }] })
    const producer = sluice.producer({ lingerMs: 0 })
    await producer.send({
      topic,
      messages: [
        { value: 'old', partition: 0, timestamp: 1_000 },
        { value: 'new', partition: 0, timestamp: 2_000 },
        { value: 'other', partition: 1, timestamp: 1_000 },
      ],
    })
    expect(await admin.fetchTopicOffsets(topic)).toEqual([
      { partition: 0, low: 0, high: 2, offset: 2 },
      { partition: 1, low: 0, high: 1, offset: 1 },
    ])
    expect(await admin.fetchTopicOffsetsByTimestamp(topic, 1_500)).toEqual([
      { partition: 0, offset: 1 },
      { partition: 1, offset: 1 },
    ])
  })
})
