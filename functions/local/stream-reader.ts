import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb'
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams'
import type { StreamRecordLike } from '../engine/janitor.js'
import type { StorageConfig } from '../storage/config.js'
import { customEndpoint } from '../storage/dynamo-clients.js'

/** What reads a page of the stream: the janitor, the subscriptions' dispatcher. Replays must be harmless. */
export type StreamConsumer = (records: readonly StreamRecordLike[]) => Promise<unknown>

/**
 * Locally, what the stream-triggered Lambdas are in AWS: reads the table's stream (DynamoDB Local's
 * Streams API) and hands each page to every consumer. Starts from the oldest record the stream holds,
 * so what happened during a stop is caught up. A page any consumer failed on is read again (by all of
 * them) at the next poll, as Lambda retries a batch.
 */
export function startStreamReader(
  config: StorageConfig,
  dynamo: DynamoDBClient,
  consumers: readonly StreamConsumer[],
  options: { intervalMs?: number; onError?: (err: unknown) => void } = {},
): { stop(): Promise<void> } {
  // Its endpoint and credentials as the table's own clients have them (storage/dynamo-clients.ts).
  const streams = new DynamoDBStreamsClient({
    region: config.region,
    ...(config.dynamoEndpoint ? customEndpoint(config.dynamoEndpoint) : {}),
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
      const records = (page.Records ?? []) as StreamRecordLike[]
      if (records.length > 0) {
        const results = await Promise.allSettled(consumers.map((consume) => consume(records)))
        const failed = results.find((r) => r.status === 'rejected')
        if (failed) throw failed.reason
      }
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
