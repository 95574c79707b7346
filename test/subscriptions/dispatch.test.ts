import { marshall } from '@aws-sdk/util-dynamodb'
import { describe, expect, it } from 'vitest'
import type { StreamRecordLike } from '../../functions/engine/janitor.js'
import { entrySk, partitionStateKey, subscriptionKey } from '../../functions/storage/table-schema.js'
import { jobsToWake, streamSignals } from '../../functions/subscriptions/dispatch.js'
import type { Subscription } from '../../functions/subscriptions/types.js'

/** Stream records as DynamoDB (or DynamoDB Local) sends them: images as AttributeValue maps. */
const record = (
  eventName: string | undefined,
  images: { before?: object; after?: object },
): StreamRecordLike => ({
  ...(eventName ? { eventName } : {}),
  dynamodb: {
    ...(images.before ? { OldImage: marshall(images.before) } : {}),
    ...(images.after ? { NewImage: marshall(images.after) } : {}),
  } as StreamRecordLike['dynamodb'],
})

const entry = (topicId: string, partition: number, base: number, extra: object = {}) => ({
  pk: `p#${topicId}#${partition}`,
  sk: entrySk(base),
  base,
  count: 1,
  ...extra,
})

const sub = (name: string, topicId: string, group = name): Subscription => ({
  name,
  id: `${name}-id`,
  topic: 'orders',
  topicId,
  group,
  target: { type: 'webhook', url: 'https://example.com/', sealedSecret: 'v1.x.y.z' },
  batch: { maxRecords: 100, maxBytes: 1048576, maxWaitMs: 0 },
  retry: { maxAttempts: 10, minBackoffMs: 1000, maxBackoffMs: 300000 },
  retryVersion: 0,
  startAt: 'latest',
  delivery: 'at-least-once',
  paused: false,
  createdAt: 0,
})

describe('dispatch from the stream', () => {
  it('wakes each subscription of a topic incarnation for its partitions that got records, once each', () => {
    const signals = streamSignals([
      record('INSERT', { after: entry('t1', 0, 0) }),
      record('INSERT', { after: entry('t1', 0, 5) }),
      // DynamoDB Local may name its inserts otherwise: a new image alone is one.
      record(undefined, { after: entry('t1', 2, 0) }),
      record('INSERT', { after: entry('t1', 1, 9, { skip: true }) }),
      record('MODIFY', { before: entry('t1', 3, 0), after: entry('t1', 3, 0, { segOff: 1 }) }),
      record('REMOVE', { before: entry('t1', 4, 0) }),
      record('INSERT', { after: { pk: 'p#t1#5', sk: 'head', next: 1 } }),
      record('INSERT', { after: entry('old-incarnation', 0, 0) }),
    ])
    expect(signals.subscriptionsChanged).toBe(false)
    const jobs = jobsToWake(signals, [sub('a', 't1'), sub('b', 't1'), sub('c', 't2')])
    expect(jobs).toEqual([
      { subscription: 'a', partition: 0 },
      { subscription: 'a', partition: 2 },
      { subscription: 'b', partition: 0 },
      { subscription: 'b', partition: 2 },
    ])
  })

  it("wakes a subscription whose group's offset was reset, not for its own commits and releases", () => {
    const key = partitionStateKey('grp', 'orders', 1)
    const released = partitionStateKey('grp', 'orders', 2)
    const signals = streamSignals([
      // A reset: the offset moved with no lease holder left, and the write marked so.
      record('MODIFY', {
        before: { ...key, topic: 'orders', partition: 1, offset: 3, owner: 'a', epoch: 2 },
        after: { ...key, topic: 'orders', partition: 1, offset: 9, epoch: 2, resetAt: 1000 },
      }),
      // A deliverer's last commit, which released its lease in the same write: no mark.
      record('MODIFY', {
        before: { ...released, topic: 'orders', partition: 2, offset: 5, owner: 'a', epoch: 3 },
        after: { ...released, topic: 'orders', partition: 2, offset: 6, epoch: 3 },
      }),
      // A deliverer's own commit under its lease.
      record('MODIFY', {
        before: {
          ...partitionStateKey('grp', 'orders', 0),
          topic: 'orders',
          partition: 0,
          offset: 1,
          owner: 'a',
        },
        after: {
          ...partitionStateKey('grp', 'orders', 0),
          topic: 'orders',
          partition: 0,
          offset: 4,
          owner: 'a',
        },
      }),
      record('MODIFY', { before: subscriptionKey('a'), after: { ...subscriptionKey('a'), paused: true } }),
    ])
    expect(signals.subscriptionsChanged).toBe(true)
    expect(jobsToWake(signals, [sub('a', 't1', 'grp'), sub('b', 't1')])).toEqual([
      { subscription: 'a', partition: 1 },
    ])
  })
})
