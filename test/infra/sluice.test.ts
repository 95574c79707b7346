import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { App, type CfnElement, Stack, Validations } from 'aws-cdk-lib'
import { Match, Template } from 'aws-cdk-lib/assertions'
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions'
import { Bucket } from 'aws-cdk-lib/aws-s3'
import { Topic } from 'aws-cdk-lib/aws-sns'
import { AwsSolutionsChecks } from 'cdk-nag'
import type { IConstruct } from 'constructs'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  classPrefix,
  KEEP_PREFIX,
  SEGMENT_EXPIRY_GRACE_DAYS,
  SEGMENT_RETENTION_CLASS_DAYS,
  segmentKeyPrefix,
} from '../../functions/engine/segment-keys.js'
import { METRIC, METRICS_NAMESPACE, SERVICE_NAME } from '../../functions/observability/names.js'
import {
  FUNCTION_ACCESS,
  FUNCTION_NAMES,
  type FunctionName,
  isHttpFunction,
  STREAM_FUNCTION_NAMES,
} from '../../infra/lib/access.js'
import { DEFAULT_ROUTE_TARGET, ROUTES } from '../../infra/lib/front-door.js'
import { FUNCTION_SETTINGS } from '../../infra/lib/sluice.js'
import { SluiceStack } from '../../infra/lib/stack.js'

type Resource = { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string }
type Statement = { Effect: string; Action: string | string[]; Resource: unknown }

const DAY_MS = 86_400_000
/** Apps whose assertions don't look at the bundles skip bundling (the shared app below does bundle). */
const WITHOUT_BUNDLING = { context: { 'aws:cdk:bundling-stacks': [] } }

// One synthesis (it bundles five functions) shared by every assertion below.
let app: App
let stack: SluiceStack
let template: Template
let logicalId: (construct: IConstruct) => string

beforeAll(() => {
  // CDK's built-in CloudFormation schema validation takes most of a synth's time (20-50 s here); `cdk synth`
  // of infra/bin/app.ts keeps it on.
  app = new App({ builtinCloudFormationValidation: false })
  stack = new SluiceStack(app, 'Sluice')
  template = Template.fromStack(stack)
  logicalId = (construct) => stack.getLogicalId(construct.node.defaultChild as CfnElement)
})

const resourcesOf = (type: string) => template.findResources(type) as Record<string, Resource>
function resource(type: string, id: string): Resource {
  const found = resourcesOf(type)[id]
  if (!found) throw new Error(`no ${type} ${id} in the template`)
  return found
}
const fnId = (name: FunctionName) => logicalId(stack.sluice.functions[name])
const actionsOf = (statement: Statement) => [statement.Action].flat()

function roleStatements(name: FunctionName): Statement[] {
  const roleId = logicalId(stack.sluice.functions[name].role as IConstruct)
  const policies = resource('AWS::IAM::Role', roleId).Properties.Policies as {
    PolicyDocument: { Statement: Statement[] }
  }[]
  return policies.flatMap((p) => p.PolicyDocument.Statement)
}

describe('functions', () => {
  it.each(FUNCTION_NAMES)(
    '%s runs on Node.js 24 on arm64, sized and wired to the table and bucket',
    (name) => {
      const fn = resourcesOf('AWS::Lambda::Function')[fnId(name)]
      expect(fn?.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        MemorySize: FUNCTION_SETTINGS[name].memoryMB,
        Timeout: FUNCTION_SETTINGS[name].timeout.toSeconds(),
        Environment: {
          Variables: {
            SLUICE_TABLE: { Ref: logicalId(stack.sluice.table) },
            SLUICE_BUCKET: { Ref: logicalId(stack.sluice.bucket) },
          },
        },
      })
    },
  )

  it.each(FUNCTION_NAMES)('%s logs to its own log group, kept for 30 days', (name) => {
    const fn = resource('AWS::Lambda::Function', fnId(name))
    const logGroupRef = (fn.Properties.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref
    expect(resource('AWS::Logs::LogGroup', logGroupRef).Properties.RetentionInDays).toBe(30)
  })

  it('every log group, the access log included, has a retention', () => {
    const groups = Object.values(resourcesOf('AWS::Logs::LogGroup'))
    expect(groups).toHaveLength(FUNCTION_NAMES.length + 1)
    for (const group of groups) expect(group.Properties.RetentionInDays).toBe(30)
  })

  it.each(FUNCTION_NAMES)('%s is bundled into the cloud assembly as index.mjs', (name) => {
    const fn = resource('AWS::Lambda::Function', fnId(name))
    const assetHash = String((fn.Properties.Code as { S3Key: string }).S3Key).replace(/\.zip$/, '')
    expect(existsSync(join(app.synth().directory, `asset.${assetHash}`, 'index.mjs'))).toBe(true)
  })
})

describe('roles', () => {
  it.each(FUNCTION_NAMES)('%s holds exactly its FUNCTION_ACCESS actions and its own logs', (name) => {
    const granted = roleStatements(name).flatMap(actionsOf).sort()
    // Invoking the push function is granted in its resource policy (see the push delivery tests).
    const { pushFunction: _, ...access } = FUNCTION_ACCESS[name]
    const expected = [
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      ...Object.values(access).flatMap((actions: readonly string[]) => actions),
    ].sort()
    expect(granted).toEqual(expected)
  })

  it('no role has a wildcard action, and only ListStreams (which takes no ARN) is granted on "*"', () => {
    for (const name of FUNCTION_NAMES) {
      for (const statement of roleStatements(name)) {
        expect(statement.Effect).toBe('Allow')
        for (const action of actionsOf(statement)) expect(action).not.toContain('*')
        if (statement.Resource === '*') expect(actionsOf(statement)).toEqual(['dynamodb:ListStreams'])
      }
    }
  })

  it('roles get nothing from elsewhere: no managed policies, no attached policy documents', () => {
    expect(Object.keys(resourcesOf('AWS::IAM::Policy'))).toHaveLength(0)
    expect(Object.keys(resourcesOf('AWS::IAM::ManagedPolicy'))).toHaveLength(0)
    for (const role of Object.values(resourcesOf('AWS::IAM::Role'))) {
      expect(role.Properties.ManagedPolicyArns).toBeUndefined()
    }
  })

  it('fetch cannot write to S3: GetObject is its only S3 action', () => {
    const s3Actions = roleStatements('fetch')
      .flatMap(actionsOf)
      .filter((a) => a.startsWith('s3:'))
    expect(s3Actions).toEqual(['s3:GetObject'])
  })

  it('produce cannot delete anything: no S3 delete, no DynamoDB DeleteItem or BatchWriteItem', () => {
    const actions = roleStatements('produce').flatMap(actionsOf)
    expect(actions.filter((a) => /delete|batchwrite/i.test(a))).toEqual([])
    expect(actions.filter((a) => a.startsWith('s3:'))).toEqual(['s3:PutObject'])
  })

  it('the janitor reads the stream, deletes segments and sweeps partitions, and gets, puts or updates no item', () => {
    const actions = roleStatements('janitor').flatMap(actionsOf)
    expect(
      actions.filter((a) =>
        /^dynamodb:(GetItem|PutItem|UpdateItem|DeleteItem|Query|Scan|BatchGetItem|BatchWriteItem)$/.test(a),
      ),
    ).toEqual(['dynamodb:Query', 'dynamodb:BatchWriteItem'])
    expect(actions.filter((a) => a.startsWith('s3:'))).toEqual(['s3:DeleteObject'])
  })

  it('routes POST /v1/fetch, which reads partition heads in one BatchGetItem, to fetch', () => {
    expect(ROUTES).toContainEqual(expect.objectContaining({ path: '/v1/fetch', target: 'fetch' }))
    expect(roleStatements('fetch').flatMap(actionsOf)).toContain('dynamodb:BatchGetItem')
  })

  it('S3 actions apply to the bucket’s objects only: no role may list the bucket', () => {
    const bucketArn = { 'Fn::GetAtt': [logicalId(stack.sluice.bucket), 'Arn'] }
    for (const name of FUNCTION_NAMES) {
      for (const statement of roleStatements(name)) {
        if (actionsOf(statement).some((a) => a.startsWith('s3:'))) {
          expect(statement.Resource).toEqual({ 'Fn::Join': ['', [bucketArn, '/*']] })
        }
      }
    }
  })
})

describe('root key', () => {
  const HTTP_FUNCTIONS = FUNCTION_NAMES.filter(isHttpFunction)
  const secretRef = () => ({ Ref: logicalId(stack.sluice.rootKey) })

  it('is generated by Secrets Manager at deploy: the template holds no value, only how to make one', () => {
    const properties = resource('AWS::SecretsManager::Secret', logicalId(stack.sluice.rootKey)).Properties
    expect(properties.SecretString).toBeUndefined()
    expect(properties.GenerateSecretString).toEqual({
      PasswordLength: 64,
      ExcludePunctuation: true,
      IncludeSpace: false,
    })
  })

  it('is never written into the cloud assembly: nothing in it reads the secret’s value', () => {
    const assembly = JSON.stringify(template.toJSON())
    expect(assembly).not.toMatch(/resolve:secretsmanager|"SecretString":/)
  })

  it.each(HTTP_FUNCTIONS)('%s is told where it is (SLUICE_ROOT_KEY_SECRET_ARN)', (name) => {
    const fn = resource('AWS::Lambda::Function', fnId(name))
    const variables = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables
    expect(variables.SLUICE_ROOT_KEY_SECRET_ARN).toEqual(secretRef())
  })

  it.each(HTTP_FUNCTIONS)(
    '%s may read that secret and, in Secrets Manager, nothing else but the subscription key',
    (name) => {
      const statements = roleStatements(name).filter((st) =>
        actionsOf(st).some((a) => a.startsWith('secretsmanager:')),
      )
      const subscriptionKey = FUNCTION_ACCESS[name].subscriptionKey
        ? [
            {
              Effect: 'Allow',
              Action: 'secretsmanager:GetSecretValue',
              Resource: { Ref: logicalId(stack.sluice.pushDelivery.subscriptionKey) },
            },
          ]
        : []
      expect(statements).toEqual([
        { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: secretRef() },
        ...subscriptionKey,
      ])
    },
  )

  it.each(STREAM_FUNCTION_NAMES)('%s neither knows of it nor may read it', (name) => {
    const fn = resource('AWS::Lambda::Function', fnId(name))
    const variables = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables
    expect(variables.SLUICE_ROOT_KEY_SECRET_ARN).toBeUndefined()
    const readable = roleStatements(name)
      .filter((st) => actionsOf(st).some((a) => a.startsWith('secretsmanager:')))
      .map((st) => st.Resource)
    expect(readable).not.toContainEqual(secretRef())
  })

  it('outputs the secret’s ARN and name and the command that prints the key, never the key', () => {
    template.hasOutput('RootKeySecretArn', { Value: secretRef() })
    template.hasOutput('RootKeySecretName', {})
    const command = template.findOutputs('RootKeyCommand').RootKeyCommand?.Value as {
      'Fn::Join': [string, unknown[]]
    }
    const [separator, parts] = command['Fn::Join']
    expect(separator).toBe('')
    expect(parts).toEqual([
      'aws secretsmanager get-secret-value --region ',
      { Ref: 'AWS::Region' },
      ' --secret-id ',
      secretRef(),
      ' --query SecretString --output text',
    ])
  })

  it('has no rotation schedule, acknowledged to cdk-nag with the reason', () => {
    template.resourceCountIs('AWS::SecretsManager::RotationSchedule', 0)
    const acknowledged = stack.sluice.rootKey.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((m) => Object.keys(m.data as Record<string, string>))
    expect(acknowledged).toContainEqual(expect.stringContaining('AwsSolutions-SMG4'))
  })
})

describe('table', () => {
  it('is on demand, keyed pk/sk, with the ttl attribute, a NEW_AND_OLD_IMAGES stream and PITR', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    })
  })

  it('is retained when the stack is deleted', () => {
    template.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' })
  })
})

describe('bucket', () => {
  it('is encrypted, blocks public access and is retained', () => {
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
      }),
    })
  })

  it('refuses requests without TLS, and TLS older than 1.2', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({ Effect: 'Deny', Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } }),
        ]),
      },
    })
  })

  it('expires each retention class a grace day after its longest retention, and never segments/keep/', () => {
    const bucket = resource('AWS::S3::Bucket', logicalId(stack.sluice.bucket))
    const rules = (bucket.Properties.LifecycleConfiguration as { Rules: Record<string, unknown>[] }).Rules
    const expiring = rules.filter((r) => r.ExpirationInDays !== undefined)
    expect(expiring.map((r) => [r.Prefix, r.ExpirationInDays])).toEqual(
      SEGMENT_RETENTION_CLASS_DAYS.map((days) => [classPrefix(days), days + SEGMENT_EXPIRY_GRACE_DAYS]),
    )
    // An expiring rule without a class prefix would delete the data of topics kept forever.
    for (const rule of expiring) expect(String(rule.Prefix)).toMatch(/^segments\/d\d+\/$/)
    expect(rules).toContainEqual(
      expect.objectContaining({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } }),
    )
  })
})

describe('segment retention classes', () => {
  it('puts forever and longer-than-a-year topics where no rule expires them', () => {
    expect(segmentKeyPrefix(-1)).toBe(KEEP_PREFIX)
    expect(segmentKeyPrefix(366 * DAY_MS)).toBe(KEEP_PREFIX)
  })

  it('picks the smallest class at least as long as the retention', () => {
    expect(segmentKeyPrefix(1000)).toBe('segments/d1/')
    expect(segmentKeyPrefix(7 * DAY_MS)).toBe('segments/d7/')
    expect(segmentKeyPrefix(7 * DAY_MS + 1)).toBe('segments/d14/')
    expect(segmentKeyPrefix(365 * DAY_MS)).toBe('segments/d365/')
  })

  it('never lets S3 expire a segment before the retention it was written under', () => {
    for (let days = 0; days <= 400; days += 0.25) {
      const retentionMs = Math.max(1000, Math.round(days * DAY_MS))
      const prefix = segmentKeyPrefix(retentionMs)
      if (prefix === KEEP_PREFIX) continue
      const classDays = Number(prefix.match(/^segments\/d(\d+)\/$/)?.[1])
      expect((classDays + SEGMENT_EXPIRY_GRACE_DAYS) * DAY_MS).toBeGreaterThan(retentionMs)
    }
  })
})

describe('logging', () => {
  it.each(FUNCTION_NAMES)('%s logs JSON at INFO, the level Powertools follows', (name) => {
    expect(resourcesOf('AWS::Lambda::Function')[fnId(name)]?.Properties.LoggingConfig).toMatchObject({
      LogFormat: 'JSON',
      ApplicationLogLevel: 'INFO',
    })
  })
})

describe('janitor', () => {
  it('reads the table stream, REMOVE events only, reporting item failures, with an on-failure queue', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: fnId('janitor') },
      EventSourceArn: { 'Fn::GetAtt': [logicalId(stack.sluice.table), 'StreamArn'] },
      StartingPosition: 'TRIM_HORIZON',
      FilterCriteria: { Filters: [{ Pattern: JSON.stringify({ eventName: ['REMOVE'] }) }] },
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: {
        OnFailure: { Destination: { 'Fn::GetAtt': [logicalId(stack.sluice.janitorDeadLetters), 'Arn'] } },
      },
    })
  })

  it('its dead-letter queue is encrypted', () => {
    template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true })
  })
})

describe('front door', () => {
  const integrationTargetOf = (routeKey: string) => {
    const route = Object.values(resourcesOf('AWS::ApiGatewayV2::Route')).find(
      (r) => r.Properties.RouteKey === routeKey,
    )
    expect(route, routeKey).toBeDefined()
    const target = route?.Properties.Target as { 'Fn::Join': [string, [string, { Ref: string }]] }
    const integration = resource('AWS::ApiGatewayV2::Integration', target['Fn::Join'][1][1].Ref)
    return (integration.Properties.IntegrationUri as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0]
  }

  it('is an HTTP API', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Api', 1)
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { ProtocolType: 'HTTP' })
  })

  it.each(ROUTES.map((r) => [`${r.method} ${r.path}`, r.target] as const))(
    'routes %s to %s',
    (routeKey, target) => {
      expect(integrationTargetOf(routeKey)).toBe(fnId(target))
    },
  )

  it('sends everything else, /health included, to admin', () => {
    expect(integrationTargetOf('$default')).toBe(fnId(DEFAULT_ROUTE_TARGET))
  })

  it('logs every request to a log group with retention', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      AccessLogSettings: {
        DestinationArn: { 'Fn::GetAtt': [logicalId(stack.sluice.frontDoor.accessLogs), 'Arn'] },
        Format: Match.stringLikeRegexp('requestId'),
      },
    })
  })

  it('is the stack’s Url output', () => {
    template.hasOutput('Url', {})
  })
})

describe('alarms and dashboard', () => {
  it.each(FUNCTION_NAMES)('%s alarms on errors and on throttles', (name) => {
    for (const metricName of ['Errors', 'Throttles']) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/Lambda',
        MetricName: metricName,
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: fnId(name) } }],
        Threshold: 1,
        TreatMissingData: 'notBreaching',
      })
    }
  })

  it('alarms on DynamoDB read and write throttles', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Metrics: Match.arrayWith([
        Match.objectLike({
          MetricStat: Match.objectLike({ Metric: Match.objectLike({ MetricName: 'ReadThrottleEvents' }) }),
        }),
        Match.objectLike({
          MetricStat: Match.objectLike({ Metric: Match.objectLike({ MetricName: 'WriteThrottleEvents' }) }),
        }),
      ]),
    })
  })

  it('alarms on 5xx answers, a janitor falling behind and dead-lettered stream batches', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/ApiGateway',
      MetricName: '5xx',
    })
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'IteratorAge',
      Namespace: 'AWS/Lambda',
    })
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
    })
  })

  /** The dashboard's widgets as CloudWatch reads them (the body is a Fn::Join of strings and references). */
  function dashboardWidgets(): { properties: { title: string; metrics?: unknown[][] } }[] {
    const dashboards = Object.values(resourcesOf('AWS::CloudWatch::Dashboard'))
    expect(dashboards).toHaveLength(1)
    const join = dashboards[0]?.Properties.DashboardBody as { 'Fn::Join': [string, unknown[]] }
    const text = join['Fn::Join'][1].map((part) => (typeof part === 'string' ? part : 'ref')).join('')
    return JSON.parse(text).widgets
  }
  const expressionsIn = (title: string) => {
    const widget = dashboardWidgets().find((w) => w.properties.title === title)
    expect(widget, title).toBeDefined()
    return (widget?.properties.metrics ?? []).flatMap((m) => {
      const expression = (m.at(-1) as { expression?: string }).expression
      return expression ? [expression] : []
    })
  }

  it('graphs produce and fetch rates and latency from the functions’ own metrics', () => {
    const body = JSON.stringify(resourcesOf('AWS::CloudWatch::Dashboard'))
    for (const text of ['Invocations', 'Duration', 'p99']) expect(body).toContain(text)
    for (const name of ['produce', 'fetch'] as const) expect(body).toContain(fnId(name))
  })

  it('graphs every metric the functions emit, under the names and dimensions they emit it with', () => {
    const graphed = dashboardWidgets().flatMap((w) => w.properties.metrics ?? [])
    const searches = graphed.flatMap((m) => {
      const expression = (m.at(-1) as { expression?: string }).expression
      return expression ? [expression] : []
    })
    for (const name of Object.values(METRIC)) {
      const plain = graphed.some(
        (m) => m[0] === METRICS_NAMESPACE && m[1] === name && m[2] === 'service' && m[3] === SERVICE_NAME,
      )
      const searched = searches.some((e) => e.includes(`MetricName="${name}"`))
      expect(plain || searched, name).toBe(true)
    }
  })

  it('graphs error answers per code and consumer lag per group by searching their dimension', () => {
    expect(expressionsIn('Error answers by code')).toEqual([
      `SEARCH('{Sluice,service,code} MetricName="Errors"', 'Sum', 60)`,
    ])
    expect(expressionsIn('Consumer lag (records, worst partition per group)')).toEqual([
      `SEARCH('{Sluice,service,group} MetricName="ConsumerLag"', 'Maximum', 60)`,
    ])
  })

  it('sends alarms to the action given, and can leave the dashboard out', () => {
    const other = new App({ ...WITHOUT_BUNDLING, builtinCloudFormationValidation: false })
    const otherStack = new Stack(other, 'WithAction')
    const topic = new Topic(otherStack, 'Alerts')
    const withAction = new SluiceStack(other, 'Sluice', {
      sluice: { alarmAction: new SnsAction(topic), dashboard: false },
    })
    const alarms = Object.values(Template.fromStack(withAction).findResources('AWS::CloudWatch::Alarm'))
    expect(alarms.length).toBe(stack.sluice.monitoring.alarms.length)
    for (const alarm of alarms) expect(alarm.Properties.AlarmActions).toHaveLength(1)
    Template.fromStack(withAction).resourceCountIs('AWS::CloudWatch::Dashboard', 0)
  })
})

describe('cdk-nag AwsSolutions', () => {
  it('finds nothing unacknowledged, and the app synthesises with the pack plugged in', () => {
    const nagged = new App({ ...WITHOUT_BUNDLING, builtinCloudFormationValidation: false })
    const nagStack = new SluiceStack(nagged, 'Sluice')
    Validations.of(nagged).addPlugins(new AwsSolutionsChecks(nagged))
    const report = new AwsSolutionsChecks().validateScope(nagged)
    expect(
      report.violations.map((v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath)}`),
    ).toEqual([])
    expect(() => nagged.synth()).not.toThrow()
    expect(nagStack.sluice.url).toBeTruthy()
  })

  it('is live: it reports a bucket without TLS enforcement or logging (stands for a broken check)', () => {
    const bad = new App({ builtinCloudFormationValidation: false })
    new Bucket(new Stack(bad, 'Bad'), 'Plain')
    const rules = new AwsSolutionsChecks().validateScope(bad).violations.map((v) => v.ruleName)
    expect(rules).toEqual(expect.arrayContaining(['AwsSolutions-S1', 'AwsSolutions-S10']))
    // Plugged in as infra/bin/app.ts does, the pack fails the synth.
    Validations.of(bad).addPlugins(new AwsSolutionsChecks(bad))
    expect(() => bad.synth()).toThrow(/AwsSolutions-S10/)
  })

  it('every acknowledgement carries a reason', () => {
    const acknowledgements = stack.node
      .findAll()
      .flatMap((c) => c.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY))
      .flatMap((m) => Object.entries(m.data as Record<string, string>))
    expect(acknowledgements.length).toBeGreaterThan(0)
    for (const [id, reason] of acknowledgements) expect(reason.length, id).toBeGreaterThan(40)
  })
})
