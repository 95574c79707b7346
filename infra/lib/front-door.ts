import { Stack, Validations } from 'aws-cdk-lib'
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway'
import { HttpApi, HttpMethod, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2'
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations'
import type { IFunction } from 'aws-cdk-lib/aws-lambda'
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs'
import { Construct } from 'constructs'
import type { HttpFunctionName } from './access.js'

/**
 * Which function serves which route. Everything not listed (the rest of /v1 and /health) goes to admin
 * through the `$default` route. Every function wraps the same Hono app, so a request that lands on the
 * wrong one is still answered correctly; the routes only decide which role and which warm pool serve it.
 */
export const ROUTES: ReadonlyArray<{
  method: HttpMethod
  path: string
  target: HttpFunctionName
}> = [
  { method: HttpMethod.POST, path: '/v1/topics/{topic}/records', target: 'produce' },
  { method: HttpMethod.POST, path: '/v1/transactions', target: 'produce' },
  { method: HttpMethod.GET, path: '/v1/topics/{topic}/partitions/{partition}/records', target: 'fetch' },
  { method: HttpMethod.GET, path: '/v1/topics/{topic}/offsets', target: 'fetch' },
  { method: HttpMethod.POST, path: '/v1/fetch', target: 'fetch' },
  { method: HttpMethod.ANY, path: '/v1/groups', target: 'groups' },
  { method: HttpMethod.ANY, path: '/v1/groups/{proxy+}', target: 'groups' },
]
export const DEFAULT_ROUTE_TARGET = 'admin'

/** One access-log line per request; never a header, so never a key. */
const ACCESS_LOG_FORMAT = AccessLogFormat.custom(
  JSON.stringify({
    requestId: '$context.requestId',
    time: '$context.requestTimeEpoch',
    ip: '$context.identity.sourceIp',
    method: '$context.httpMethod',
    path: '$context.path',
    route: '$context.routeKey',
    status: '$context.status',
    latencyMs: '$context.responseLatency',
    integrationLatencyMs: '$context.integrationLatency',
    integrationError: '$context.integrationErrorMessage',
    responseBytes: '$context.responseLength',
  }),
)

export interface FrontDoorProps {
  readonly functions: Readonly<Record<HttpFunctionName, IFunction>>
  readonly logRetention: RetentionDays
}

/** The one base URL: an API Gateway HTTP API (payload format 2.0) routing to the functions. */
export class FrontDoor extends Construct {
  readonly api: HttpApi
  readonly stage: HttpStage
  readonly accessLogs: LogGroup
  /** The base URL, ending without a slash. */
  readonly url: string

  constructor(scope: Construct, id: string, props: FrontDoorProps) {
    super(scope, id)
    const integrations = new Map<HttpFunctionName, HttpLambdaIntegration>()
    const integrationFor = (name: HttpFunctionName) => {
      let integration = integrations.get(name)
      if (!integration) {
        integration = new HttpLambdaIntegration(`${name}Integration`, props.functions[name])
        integrations.set(name, integration)
      }
      return integration
    }

    this.api = new HttpApi(this, 'Api', {
      description: 'Sluice HTTP API',
      createDefaultStage: false,
      defaultIntegration: integrationFor(DEFAULT_ROUTE_TARGET),
    })
    for (const route of ROUTES) {
      this.api.addRoutes({
        path: route.path,
        methods: [route.method],
        integration: integrationFor(route.target),
      })
    }

    this.accessLogs = new LogGroup(this, 'AccessLogs', { retention: props.logRetention })
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        format: ACCESS_LOG_FORMAT,
      },
    })
    // The $default stage's URL ends with a slash; the SDK appends paths starting with one.
    this.url = `https://${this.api.apiId}.execute-api.${Stack.of(this).region}.${Stack.of(this).urlSuffix}`

    Validations.of(this.api).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        'Sluice authenticates every route but /health itself: `Authorization: Bearer <api key>`, checked by the ' +
        'Hono app against hashed keys with per-topic and per-group grants (docs/api.md). An API Gateway ' +
        'authorizer would add a Lambda invocation to every request for the same check.',
    })
  }
}
