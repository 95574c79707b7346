import { DescribeTimeToLiveCommand } from '@aws-sdk/client-dynamodb'
import { HeadBucketCommand } from '@aws-sdk/client-s3'
import { afterAll, describe, expect, it } from 'vitest'
import { type AwsClients, createAwsClients } from '../../functions/storage/clients.js'
import { provisionStorage } from '../../functions/storage/provision.js'
import { testStorage } from '../support/service.js'

/** Several instances started at once against one table and bucket, as a local cluster does. */
const made: AwsClients[] = []
afterAll(() => {
  for (const clients of made) {
    clients.dynamo.destroy()
    clients.s3.destroy()
  }
})

/** One instance's clients. */
function instance(storage: ReturnType<typeof testStorage>): AwsClients {
  const clients = createAwsClients(storage)
  made.push(clients)
  return clients
}

async function ttlStatus(clients: AwsClients, table: string) {
  const { TimeToLiveDescription } = await clients.dynamo.send(
    new DescribeTimeToLiveCommand({ TableName: table }),
  )
  return TimeToLiveDescription
}

describe('provisioning the table and bucket', () => {
  it('from several instances at once: each succeeds, and the table gets its TTL', async () => {
    const storage = testStorage()
    const instances = Array.from({ length: 5 }, () => instance(storage))
    await Promise.all(instances.map((clients) => provisionStorage(clients, storage)))
    expect(await ttlStatus(instances[0] as AwsClients, storage.table)).toEqual({
      TimeToLiveStatus: 'ENABLED',
      AttributeName: 'ttl',
    })
    await (instances[0] as AwsClients).s3.send(new HeadBucketCommand({ Bucket: storage.bucket }))
  })

  it('finishes a table whose creator died before turning its TTL on', async () => {
    const storage = testStorage()
    const dying = instance(storage)
    // The instance is killed between creating the table and turning TTL on.
    dying.dynamo.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'UpdateTimeToLiveCommand') throw new Error('killed')
        return next(args)
      },
      { step: 'initialize', name: 'killedBeforeTtl' },
    )
    await expect(provisionStorage(dying, storage)).rejects.toThrow('killed')

    const next = instance(storage)
    await provisionStorage(next, storage)
    expect(await ttlStatus(next, storage.table)).toEqual({
      TimeToLiveStatus: 'ENABLED',
      AttributeName: 'ttl',
    })
  })
})
