import { HeadObjectCommand } from '@aws-sdk/client-s3'
import { QueryCommand } from '@aws-sdk/lib-dynamodb'
import { marshall } from '@aws-sdk/util-dynamodb'
import { afterEach, describe, expect, it } from 'vitest'
import { collectRemoved } from '../../functions/engine/janitor.js'
import type { RunningService } from '../../functions/local/serve.js'
import { createAwsClients } from '../../functions/storage/clients.js'
import type { StorageConfig } from '../../functions/storage/config.js'
import { interceptStorage, Pause } from '../engine/support/storage-faults.js'
import { api } from '../support/http.js'
import { startTestService, testStorage } from '../support/service.js'

/**
 * Writes racing a topic's deletion, from an instance that still holds the topic's metadata: none may
 * leave data behind for good, and none may create the deleted topic's partitions again.
 */

const running: RunningService[] = []
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()))
})

async function producerAndAdmin(pause: Pause) {
  const storage = testStorage()
  const producer = await startTestService({
    storage,
    engine: { wrap: interceptStorage(pause) },
    app: { logError: () => undefined },
  })
  const admin = await startTestService({ storage })
  running.push(producer, admin)
  return { storage, producer: api(producer.url), admin: api(admin.url), adminService: admin }
}

/** Every item of a partition of a topic incarnation, head included. */
async function itemsOf(storage: StorageConfig, topicId: string, partition: number) {
  const { doc } = createAwsClients(storage)
  const out = await doc.send(
    new QueryCommand({
      TableName: storage.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `p#${topicId}#${partition}` },
      ConsistentRead: true,
    }),
  )
  return out.Items ?? []
}

describe('a produce racing the deletion of its topic', () => {
  it('cannot create a partition of the deleted topic again, and answers 404', async () => {
    // The producer read the topic (it exists), then paused (a GC pause, a slow network) before
    // creating the head of a partition never written, while another instance deleted the topic.
    const pause = new Pause('index.createHead')
    const c = await producerAndAdmin(pause)
    expect((await c.admin('POST', '/v1/topics', { name: 'gone', partitions: 2 })).status).toBe(201)
    const topicId = (await c.adminService.deps.catalog.get('gone'))?.topicId as string
    expect(
      (await c.producer('POST', '/v1/topics/gone/records', { records: [{ value: 'a', partition: 0 }] }))
        .status,
    ).toBe(200)

    pause.arm()
    const late = c.producer('POST', '/v1/topics/gone/records', { records: [{ value: 'b', partition: 1 }] })
    await pause.reached
    expect((await c.admin('DELETE', '/v1/topics/gone')).status).toBe(204)
    pause.release()
    const answer = await late
    expect(answer.status, JSON.stringify(answer.body)).toBe(404)
    const left = await itemsOf(c.storage, topicId, 1)
    expect(left.filter((item) => item.sk !== 'head')).toEqual([])
    expect(left.every((item) => item.retired === true)).toBe(true)
  })

  it('that lands after the deletion swept the partition is swept when the retired head expires', async () => {
    // The producer reserved offsets before the deletion and its entry landed after the sweep.
    const pause = new Pause('index.writeEntries')
    const c = await producerAndAdmin(pause)
    expect(
      (await c.admin('POST', '/v1/topics', { name: 'late', partitions: 1, retentionMs: -1 })).status,
    ).toBe(201)
    const topicId = (await c.adminService.deps.catalog.get('late'))?.topicId as string
    pause.arm()
    const large = 'x'.repeat(20 * 1024)
    const late = c.producer('POST', '/v1/topics/late/records', { records: [{ value: large }] })
    await pause.reached
    expect((await c.admin('DELETE', '/v1/topics/late')).status).toBe(204)
    pause.release()
    await late
    const items = await itemsOf(c.storage, topicId, 0)
    const head = items.find((item) => item.sk === 'head')
    const orphans = items.filter((item) => item !== head)
    expect(head).toMatchObject({ sk: 'head', retired: true, ttl: expect.any(Number) })
    expect(orphans).toHaveLength(1)
    const segment = orphans[0]?.seg as string

    // What the table's stream carries when TTL removes the retired head.
    const removal = { eventName: 'REMOVE', dynamodb: { OldImage: marshall(head as Record<string, unknown>) } }
    const deps = c.adminService.deps
    expect(await collectRemoved(deps, [removal])).toBe(1)
    expect(await itemsOf(c.storage, topicId, 0)).toEqual([head])
    const { s3 } = createAwsClients(c.storage)
    await expect(s3.send(new HeadObjectCommand({ Bucket: c.storage.bucket, Key: segment }))).rejects.toThrow()
  })
})
