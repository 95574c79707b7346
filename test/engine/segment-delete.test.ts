import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type AwsClients, createAwsClients } from '../../functions/storage/clients.js'
import { provisionStorage } from '../../functions/storage/provision.js'
import { S3SegmentStore } from '../../functions/storage/segment-store.js'
import { testStorage } from '../support/service.js'

const storage = testStorage()
let clients: AwsClients
/** Keys the next DeleteObjects answer reports refused. */
let refuse: string[] = []

beforeAll(async () => {
  clients = createAwsClients(storage)
  await provisionStorage(clients, storage)
  // Failure injection: stands for S3 refusing some keys of a multi-object delete, which it answers
  // 200 with an AccessDenied error per refused key (a bucket policy or the role denying the delete).
  // s3rver deletes every key; its answer is rewritten to name the refused ones.
  clients.s3.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args)
      if (context.commandName === 'DeleteObjectsCommand' && refuse.length > 0) {
        const output = result.output as { Errors?: { Key: string; Code: string; Message: string }[] }
        output.Errors = refuse.map((Key) => ({ Key, Code: 'AccessDenied', Message: 'Access Denied' }))
        refuse = []
      }
      return result
    },
    { step: 'initialize', name: 'refuseKeys' },
  )
})
afterAll(() => clients.s3.destroy())

const put = (key: string) =>
  clients.s3.send(new PutObjectCommand({ Bucket: storage.bucket, Key: key, Body: new Uint8Array([1]) }))

async function exists(key: string): Promise<boolean> {
  try {
    await clients.s3.send(new HeadObjectCommand({ Bucket: storage.bucket, Key: key }))
    return true
  } catch {
    return false
  }
}

describe('deleting segments', () => {
  const store = () => new S3SegmentStore(async () => clients.s3, storage.bucket)

  it('deletes every key given', async () => {
    await Promise.all(['gone/a', 'gone/b'].map(put))
    await store().delete(['gone/a', 'gone/b'])
    expect([await exists('gone/a'), await exists('gone/b')]).toEqual([false, false])
  })

  it('fails when S3 answers that it refused a key, naming it, so the caller retries', async () => {
    await put('refused/a')
    refuse = ['refused/a']
    await expect(store().delete(['refused/a'])).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      cause: { message: expect.stringMatching(/1 of 1 segments, first refused\/a: AccessDenied/) },
    })
  })
})
