import type { LambdaClient, LambdaClientConfig } from '@aws-sdk/client-lambda'

let lambdaSdk: Promise<typeof import('@aws-sdk/client-lambda')> | undefined

/**
 * The Lambda SDK's module, imported on first use and then remembered: only deliveries to Lambda
 * targets and wakes of the push function need it, so no function loads it at a cold start.
 */
export function loadLambdaSdk(): Promise<typeof import('@aws-sdk/client-lambda')> {
  lambdaSdk ??= import('@aws-sdk/client-lambda')
  return lambdaSdk
}

/** Gives a Lambda client of one region, made on first use and then shared. */
export type LambdaClientLoader = (region: string) => Promise<LambdaClient>

/** Lambda clients per region, all with `config` (a stand-in's endpoint and credentials, retries). */
export function lazyLambdaClients(config: LambdaClientConfig = {}): LambdaClientLoader {
  const clients = new Map<string, Promise<LambdaClient>>()
  return (region) => {
    let client = clients.get(region)
    if (!client) {
      client = loadLambdaSdk().then(({ LambdaClient }) => new LambdaClient({ ...config, region }))
      clients.set(region, client)
    }
    return client
  }
}

/** The parts of a Lambda function's ARN: `arn:<partition>:lambda:<region>:<account>:function:<name>[:<qualifier>]`. */
export interface FunctionArn {
  partition: string
  region: string
  account: string
  name: string
  qualifier?: string
}

const FUNCTION_ARN =
  /^arn:(?<partition>aws[a-z-]*):lambda:(?<region>[a-z0-9-]+):(?<account>\d{12}):function:(?<name>[A-Za-z0-9_-]{1,64})(?::(?<qualifier>[A-Za-z0-9_$-]{1,128}))?$/

/** The ARN's parts, or undefined when it is not a Lambda function's ARN. */
export function parseFunctionArn(arn: string): FunctionArn | undefined {
  const parts = FUNCTION_ARN.exec(arn)?.groups
  if (!parts) return undefined
  const { partition, region, account, name, qualifier } = parts as Record<string, string>
  return {
    partition: partition as string,
    region: region as string,
    account: account as string,
    name: name as string,
    ...(qualifier ? { qualifier } : {}),
  }
}
