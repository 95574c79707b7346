import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb'
import {
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams'
import type { DynamoDBStreamEvent } from 'aws-lambda'

/** Every record a table's stream holds (DynamoDB Local's Streams API), oldest first, from each shard's TRIM_HORIZON. */
export async function readTableStream(
  dynamo: DynamoDBClient,
  streams: DynamoDBStreamsClient,
  table: string,
): Promise<{ streamArn: string; records: StreamRecord[] }> {
  const described = await dynamo.send(new DescribeTableCommand({ TableName: table }))
  const streamArn = described.Table?.LatestStreamArn
  if (!streamArn) throw new Error('the table has no stream')
  const stream = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }))
  const records: StreamRecord[] = []
  for (const shard of stream.StreamDescription?.Shards ?? []) {
    let iterator = (
      await streams.send(
        new GetShardIteratorCommand({
          StreamArn: streamArn,
          ShardId: shard.ShardId,
          ShardIteratorType: 'TRIM_HORIZON',
        }),
      )
    ).ShardIterator
    // An open shard always hands out a next iterator; an empty page means we are at its end.
    while (iterator) {
      const page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator }))
      if (!page.Records?.length) break
      records.push(...page.Records)
      iterator = page.NextShardIterator
    }
  }
  return { streamArn, records }
}

/** Stream records as Lambda delivers them: JSON, with the creation time in epoch seconds. */
export function lambdaStreamEvent(streamArn: string, records: readonly StreamRecord[]): DynamoDBStreamEvent {
  return JSON.parse(
    JSON.stringify({
      Records: records.map((r) => ({
        ...r,
        eventSourceARN: streamArn,
        dynamodb: {
          ...r.dynamodb,
          ApproximateCreationDateTime: Math.floor(
            (r.dynamodb?.ApproximateCreationDateTime?.getTime() ?? 0) / 1000,
          ),
        },
      })),
    }),
  ) as DynamoDBStreamEvent
}
