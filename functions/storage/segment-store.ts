import { storageCall } from './errors.js'
import type { S3ClientLoader } from './s3-client.js'

/** Immutable segment objects: one per produce request whose batches are too large to keep inline. */
export interface SegmentStore {
  put(key: string, body: Uint8Array): Promise<void>
  get(key: string): Promise<Uint8Array>
  delete(keys: readonly string[]): Promise<void>
}

/** The S3 SDK's commands, imported with the client on first use (see `lazyS3Client`). */
const s3Commands = () => import('@aws-sdk/client-s3')

export class S3SegmentStore implements SegmentStore {
  constructor(
    private readonly s3: S3ClientLoader,
    private readonly bucket: string,
  ) {}

  async put(key: string, body: Uint8Array): Promise<void> {
    const [s3, { PutObjectCommand }] = await Promise.all([this.s3(), s3Commands()])
    await storageCall('segment write', () =>
      s3.send(
        new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentLength: body.length }),
      ),
    )
  }

  async get(key: string): Promise<Uint8Array> {
    const [s3, { GetObjectCommand }] = await Promise.all([this.s3(), s3Commands()])
    return storageCall('segment read', async () => {
      const out = await s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }))
      if (!out.Body) throw new Error(`segment ${key} has no body`)
      return out.Body.transformToByteArray()
    })
  }

  async delete(keys: readonly string[]): Promise<void> {
    const [s3, { DeleteObjectsCommand }] = await Promise.all([this.s3(), s3Commands()])
    for (let i = 0; i < keys.length; i += 1000) {
      const chunk = keys.slice(i, i + 1000)
      await storageCall('segment delete', () =>
        s3.send(
          new DeleteObjectsCommand({
            Bucket: this.bucket,
            Delete: { Objects: chunk.map((Key) => ({ Key })), Quiet: true },
          }),
        ),
      )
    }
  }
}
