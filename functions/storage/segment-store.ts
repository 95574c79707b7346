import { DeleteObjectsCommand, GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3'
import { storageCall } from './errors.js'

/** Immutable segment objects: one per produce request whose batches are too large to keep inline. */
export interface SegmentStore {
  put(key: string, body: Uint8Array): Promise<void>
  get(key: string): Promise<Uint8Array>
  delete(keys: readonly string[]): Promise<void>
}

export class S3SegmentStore implements SegmentStore {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async put(key: string, body: Uint8Array): Promise<void> {
    await storageCall('segment write', () =>
      this.s3.send(
        new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentLength: body.length }),
      ),
    )
  }

  async get(key: string): Promise<Uint8Array> {
    return storageCall('segment read', async () => {
      const out = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }))
      if (!out.Body) throw new Error(`segment ${key} has no body`)
      return out.Body.transformToByteArray()
    })
  }

  async delete(keys: readonly string[]): Promise<void> {
    for (let i = 0; i < keys.length; i += 1000) {
      const chunk = keys.slice(i, i + 1000)
      await storageCall('segment delete', () =>
        this.s3.send(
          new DeleteObjectsCommand({
            Bucket: this.bucket,
            Delete: { Objects: chunk.map((Key) => ({ Key })), Quiet: true },
          }),
        ),
      )
    }
  }
}
