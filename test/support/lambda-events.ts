import type { APIGatewayProxyEventV2, Context } from 'aws-lambda'

/** A Lambda Function URL (payload format 2.0) event, as AWS sends it. */
export function functionUrlEvent(
  method: string,
  path: string,
  options: { body?: unknown; query?: Record<string, string>; headers?: Record<string, string> } = {},
): APIGatewayProxyEventV2 {
  const rawQueryString = new URLSearchParams(options.query ?? {}).toString()
  // A string is sent as it is (a body already encoded, or deliberately malformed); anything else as JSON.
  const body =
    options.body === undefined || typeof options.body === 'string'
      ? options.body
      : JSON.stringify(options.body)
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString,
    headers: {
      host: 'abcdefghij.lambda-url.us-east-1.on.aws',
      'content-type': 'application/json',
      'x-forwarded-proto': 'https',
      ...(options.headers ?? {}),
    },
    ...(options.query ? { queryStringParameters: options.query } : {}),
    requestContext: {
      accountId: 'anonymous',
      apiId: 'abcdefghij',
      domainName: 'abcdefghij.lambda-url.us-east-1.on.aws',
      domainPrefix: 'abcdefghij',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'test' },
      requestId: crypto.randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
    },
    ...(body === undefined ? {} : { body }),
    isBase64Encoded: false,
  }
}

export const lambdaContext = {
  functionName: 'sluice-test',
  awsRequestId: 'test',
  getRemainingTimeInMillis: () => 30_000,
} as unknown as Context

/**
 * Environment that keeps a function's logs and metrics off the test output, for tests about something
 * else (test/lambda/observability.test.ts reads them).
 */
export const QUIET_FUNCTION_ENV = { POWERTOOLS_LOG_LEVEL: 'SILENT', POWERTOOLS_METRICS_DISABLED: 'true' }
