import { DescribeTableCommand } from '@aws-sdk/client-dynamodb'
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams'
import type { DynamoDBStreamEvent } from 'aws-lambda'
import type { StreamRecordLike } from '../../functions/engine/janitor.js'
import { createAwsClients } from '../../functions/storage/clients.js'
import type { StorageConfig } from '../../functions/storage/config.js'
import { localCredentials } from '../../functions/storage/dynamo-clients.js'
import { PUSH_STREAM_FILTERS } from '../../infra/lib/push-delivery.js'
import { matchesFilter } from '../../test/subscriptions-aws/support/event-filter.js'
import { lambdaStreamEvent } from '../../test/support/table-stream.js'

/**
 * Reads a table's stream (DynamoDB Local's) onward from where it last stopped and keeps what the push
 * function's event source mapping would invoke it with: the records the stack's filter patterns pass.
 * Its clients are plain ones, not the service's metered ones: in AWS, Lambda's reads of the stream are
 * free and are no part of the service's requests.
 */
export class StreamCursor {
  private readonly clients
  private readonly streams: DynamoDBStreamsClient
  private readonly iterators = new Map<string, string | undefined>()

  constructor(private readonly storage: StorageConfig) {
    this.clients = createAwsClients(storage)
    this.streams = new DynamoDBStreamsClient({
      region: storage.region,
      credentials: localCredentials,
      ...(storage.dynamoEndpoint ? { endpoint: storage.dynamoEndpoint } : {}),
    })
  }

  /**
   * The records written since the last call that the push function's filters keep, oldest first, as
   * Lambda hands them to it (JSON, with DynamoDB Local's event names as AWS's).
   */
  async kept(): Promise<DynamoDBStreamEvent['Records']> {
    const { streamArn, records } = await this.next()
    return lambdaStreamEvent(streamArn, records.filter(keptByPushFilters).map(asNamedInAws)).Records
  }

  /** Every record written since the last call (the first call: since the stream began). */
  private async next(): Promise<{ streamArn: string; records: StreamRecord[] }> {
    const table = await this.clients.dynamo.send(new DescribeTableCommand({ TableName: this.storage.table }))
    const streamArn = table.Table?.LatestStreamArn
    if (!streamArn) throw new Error(`table ${this.storage.table} has no stream`)
    const stream = await this.streams.send(new DescribeStreamCommand({ StreamArn: streamArn }))
    for (const shard of stream.StreamDescription?.Shards ?? []) {
      if (!shard.ShardId || this.iterators.has(shard.ShardId)) continue
      const it = await this.streams.send(
        new GetShardIteratorCommand({
          StreamArn: streamArn,
          ShardId: shard.ShardId,
          ShardIteratorType: 'TRIM_HORIZON',
        }),
      )
      this.iterators.set(shard.ShardId, it.ShardIterator)
    }
    const records: StreamRecord[] = []
    for (const [shardId, start] of this.iterators) {
      let iterator = start
      while (iterator) {
        const page = await this.streams.send(new GetRecordsCommand({ ShardIterator: iterator }))
        this.iterators.set(shardId, page.NextShardIterator)
        iterator = page.NextShardIterator
        if (!page.Records?.length) break
        records.push(...page.Records)
      }
    }
    return { streamArn, records }
  }

  close() {
    this.streams.destroy()
    this.clients.dynamo.destroy()
    this.clients.s3.destroy()
  }
}

/**
 * DynamoDB Local may name an insert otherwise than AWS does; the filters match on `eventName` as AWS
 * sets it: INSERT for a new item, MODIFY for a changed one, REMOVE for a deleted one.
 */
function asNamedInAws<T extends StreamRecordLike>(record: T): T {
  const { NewImage, OldImage } = record.dynamodb ?? {}
  return { ...record, eventName: !OldImage ? 'INSERT' : NewImage ? 'MODIFY' : 'REMOVE' }
}

/** Whether the push function's event source mapping passes a stream record to it (the stack's filters). */
export function keptByPushFilters(record: StreamRecordLike): boolean {
  const named = asNamedInAws(record)
  return PUSH_STREAM_FILTERS.some((pattern) => matchesFilter(pattern, named))
}
