import type { S3Client, S3ClientConfig } from '@aws-sdk/client-s3'
import type { StorageConfig } from './config.js'
import { customEndpoint } from './dynamo-clients.js'

export function s3ClientConfig(config: StorageConfig): S3ClientConfig {
  return {
    region: config.region,
    // s3rver stores streamed uploads with their chunk framing unless checksums are only sent when required.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    ...(config.s3Endpoint ? { ...customEndpoint(config.s3Endpoint), forcePathStyle: true } : {}),
  }
}

/** Gives the S3 client, loading the S3 SDK on the first call. */
export type S3ClientLoader = () => Promise<S3Client>

let s3Sdk: Promise<typeof import('@aws-sdk/client-s3')> | undefined

/**
 * The S3 SDK's module, imported on first use and then remembered: every `import()` resolves its
 * specifier again (on a loader thread where module hooks are registered), a cost per request.
 */
export function loadS3Sdk(): Promise<typeof import('@aws-sdk/client-s3')> {
  s3Sdk ??= import('@aws-sdk/client-s3')
  return s3Sdk
}

/**
 * The S3 SDK is a fifth of a function's bundle, and small produces and fetches (inline batches) never
 * touch S3, so a function imports it when it first needs it rather than at a cold start.
 */
export function lazyS3Client(config: StorageConfig): S3ClientLoader {
  let client: Promise<S3Client> | undefined
  return () => {
    client ??= loadS3Sdk().then(({ S3Client }) => new S3Client(s3ClientConfig(config)))
    return client
  }
}
