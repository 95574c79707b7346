/** Where the service keeps its data: the same settings in Lambda and locally, read from the environment. */
export interface StorageConfig {
  region: string
  table: string
  bucket: string
  /** Set locally to DynamoDB Local's URL; unset in AWS. */
  dynamoEndpoint?: string
  /** Set locally to s3rver's URL; unset in AWS. */
  s3Endpoint?: string
}

export function storageConfigFromEnv(env: Record<string, string | undefined> = process.env): StorageConfig {
  const config: StorageConfig = {
    region: env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1',
    table: env.SLUICE_TABLE ?? 'sluice',
    bucket: env.SLUICE_BUCKET ?? 'sluice',
  }
  if (env.SLUICE_DYNAMODB_ENDPOINT) config.dynamoEndpoint = env.SLUICE_DYNAMODB_ENDPOINT
  if (env.SLUICE_S3_ENDPOINT) config.s3Endpoint = env.SLUICE_S3_ENDPOINT
  return config
}
