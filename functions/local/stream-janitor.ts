import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb'
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams'
import { collectRemoved, type JanitorStores, type StreamRecordLike } from '../engine/janitor.js'
import type { StorageConfig } from '../storage/config.js'

/**
 * Locally, what the janitor Lambda does in AWS: read the table's stream (DynamoDB Local's Streams API),
 * delete the segments of removed entries and sweep the partitions of deleted topics. Starts from the
 * oldest record the stream holds, so removals during a stop are caught up; replays are harmless.
 */
export function startStreamJanitor(
  config: StorageConfig,
  dynamo: DynamoDBClient,
  stores: JanitorStores,
  options: { intervalMs?: number; onError?: (err: unknown) => void } = {},
): { stop(): Promise<void> } {
  const streams = new DynamoDBStreamsClient({
    region: config.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    ...(config.dynamoEndpoint ? { endpoint: config.dynamoEndpoint } : {}),
  })
  const iterators = new Map<string, string | undefined>()
  let stopped = false
  let wake: (() => void) | undefined

  const pollOnce = async () => {
    const table = await dynamo.send(new DescribeTableCommand({ TableName: config.table }))
    const streamArn = table.Table?.LatestStreamArn
    if (!streamArn) return
    const stream = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }))
    for (const shard of stream.StreamDescription?.Shards ?? []) {
      if (!shard.ShardId || iterators.has(shard.ShardId)) continue
      const it = await streams.send(
        new GetShardIteratorCommand({
          StreamArn: streamArn,
          ShardId: shard.ShardId,
          ShardIteratorType: 'TRIM_HORIZON',
        }),
      )
      iterators.set(shard.ShardId, it.ShardIterator)
    }
    for (const [shardId, iterator] of iterators) {
      if (!iterator) continue
      const page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator }))
      await collectRemoved(stores, (page.Records ?? []) as StreamRecordLike[])
      iterators.set(shardId, page.NextShardIterator)
    }
  }

  const loop = (async () => {
    while (!stopped) {
      await pollOnce().catch((err: unknown) => options.onError?.(err))
      await new Promise<void>((resolve) => {
        wake = resolve
        setTimeout(resolve, options.intervalMs ?? 1000)
      })
    }
  })()

  return {
    async stop() {
      stopped = true
      wake?.()
      await loop
      streams.destroy()
    },
  }
}
