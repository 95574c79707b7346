import { storageCall } from './errors.js'
import { type Hedge, hedged } from './hedged.js'
import { loadS3Sdk, type S3ClientLoader } from './s3-client.js'

/** Immutable segment objects: one per produce request whose batches are too large to keep inline. */
export interface SegmentStore {
  put(key: string, body: Uint8Array): Promise<void>
  get(key: string): Promise<Uint8Array>
  delete(keys: readonly string[]): Promise<void>
}

/** When a segment PUT gets a second one beside it (see `hedged`). */
export interface PutHedge extends Hedge {
  /**
   * Only segments at least this large are hedged. A hedge costs one more PUT whatever the size, so
   * per GB it costs ten times as much on 100 KB segments as on 1 MiB ones, for a similar gain in wait.
   */
  minBytes: number
}

export class S3SegmentStore implements SegmentStore {
  constructor(
    private readonly s3: S3ClientLoader,
    private readonly bucket: string,
    private readonly hedge?: PutHedge,
  ) {}

  async put(key: string, body: Uint8Array): Promise<void> {
    const [s3, { PutObjectCommand }] = await Promise.all([this.s3(), loadS3Sdk()])
    const send = (abortSignal?: AbortSignal) =>
      s3.send(
        new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentLength: body.length }),
        abortSignal ? { abortSignal } : {},
      )
    const hedge = this.hedge
    // A segment's key is new and its bytes are final, so two PUTs of it leave the same object.
    await storageCall('segment write', () =>
      hedge && body.length >= hedge.minBytes ? hedged(send, hedge) : send(),
    )
  }

  async get(key: string): Promise<Uint8Array> {
    const [s3, { GetObjectCommand }] = await Promise.all([this.s3(), loadS3Sdk()])
    return storageCall('segment read', async () => {
      const out = await s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }))
      if (!out.Body) throw new Error(`segment ${key} has no body`)
      return out.Body.transformToByteArray()
    })
  }

  async delete(keys: readonly string[]): Promise<void> {
    const [s3, { DeleteObjectsCommand }] = await Promise.all([this.s3(), loadS3Sdk()])
    for (let i = 0; i < keys.length; i += 1000) {
      const chunk = keys.slice(i, i + 1000)
      await storageCall('segment delete', async () => {
        const out = await s3.send(
          new DeleteObjectsCommand({
            Bucket: this.bucket,
            Delete: { Objects: chunk.map((Key) => ({ Key })), Quiet: true },
          }),
        )
        // A multi-object delete answers 200 even when it refused keys: each refusal is in `Errors`.
        const [refused] = out.Errors ?? []
        if (refused) {
          throw new Error(
            `S3 refused to delete ${out.Errors?.length} of ${chunk.length} segments, first ${refused.Key}: ${refused.Code}`,
          )
        }
      })
    }
  }
}
