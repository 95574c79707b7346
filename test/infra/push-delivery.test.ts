import { App, type CfnElement, Stack, Validations } from 'aws-cdk-lib'
import { Template } from 'aws-cdk-lib/assertions'
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda'
import { AwsSolutionsChecks } from 'cdk-nag'
import type { IConstruct } from 'constructs'
import { beforeAll, describe, expect, it } from 'vitest'
import { SUBSCRIPTION_ENV } from '../../functions/lambda/subscription-env.js'
import { FUNCTION_ACCESS, FUNCTION_NAMES, type FunctionName } from '../../infra/lib/access.js'
import { PUSH_STREAM_FILTERS } from '../../infra/lib/push-delivery.js'
import { SluiceStack } from '../../infra/lib/stack.js'

type Resource = { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string }
type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown }

// These assertions read the template, not the bundles: the app skips bundling.
const unbundledApp = () =>
  new App({ builtinCloudFormationValidation: false, context: { 'aws:cdk:bundling-stacks': [] } })

let stack: SluiceStack
let template: Template
let logicalId: (construct: IConstruct) => string

beforeAll(() => {
  stack = new SluiceStack(unbundledApp(), 'Sluice')
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
const roleId = (name: FunctionName) => logicalId(stack.sluice.functions[name].role as IConstruct)
const actionsOf = (statement: Statement) => [statement.Action].flat()
const arnOf = (construct: IConstruct) => ({ 'Fn::GetAtt': [logicalId(construct), 'Arn'] })

function roleStatements(name: FunctionName): Statement[] {
  const policies = resource('AWS::IAM::Role', roleId(name)).Properties.Policies as {
    PolicyDocument: { Statement: Statement[] }
  }[]
  return policies.flatMap((p) => p.PolicyDocument.Statement)
}

const variablesOf = (name: FunctionName) =>
  (
    resource('AWS::Lambda::Function', fnId(name)).Properties.Environment as {
      Variables: Record<string, unknown>
    }
  ).Variables

describe('the push function', () => {
  it('reads the table stream for index entry inserts and resets only, from its end', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: fnId('push') },
      EventSourceArn: { 'Fn::GetAtt': [logicalId(stack.sluice.table), 'StreamArn'] },
      StartingPosition: 'LATEST',
      FilterCriteria: { Filters: PUSH_STREAM_FILTERS.map((p) => ({ Pattern: JSON.stringify(p) })) },
    })
    expect(PUSH_STREAM_FILTERS[0]).toEqual({
      eventName: ['INSERT'],
      dynamodb: { Keys: { sk: { S: [{ prefix: 'e#' }] } } },
    })
  })

  it('never holds its shard up: a failing batch is halved, tried three times, then passed by', () => {
    const mapping = Object.values(resourcesOf('AWS::Lambda::EventSourceMapping')).find(
      (m) => (m.Properties.FunctionName as { Ref: string }).Ref === fnId('push'),
    )
    expect(mapping?.Properties).toMatchObject({
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 3,
      MaximumRecordAgeInSeconds: 3600,
    })
  })

  it('is not retried by Lambda on its async invokes: a failed run schedules its own retry', () => {
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: fnId('push') },
      MaximumRetryAttempts: 0,
    })
  })

  it('runs for up to 15 minutes: a delivery run’s budget, a target’s 30 s and the commit', () => {
    expect(resource('AWS::Lambda::Function', fnId('push')).Properties.Timeout).toBe(900)
  })

  it('is told the account, the key’s secret, the wake group and role, and not itself', () => {
    const variables = variablesOf('push')
    expect(variables).toMatchObject({
      [SUBSCRIPTION_ENV.accountId]: { Ref: 'AWS::AccountId' },
      [SUBSCRIPTION_ENV.keySecretArn]: { Ref: logicalId(stack.sluice.pushDelivery.subscriptionKey) },
      [SUBSCRIPTION_ENV.scheduleGroup]: stack.sluice.pushDelivery.wakeSchedules.scheduleGroupName,
      [SUBSCRIPTION_ENV.schedulerRoleArn]: arnOf(stack.sluice.pushDelivery.wakeRole),
    })
    expect(variables[SUBSCRIPTION_ENV.pushFunctionArn]).toBeUndefined()
  })

  it('admin, which serves the subscription routes, is told the same and where the push function is', () => {
    expect(variablesOf('admin')).toMatchObject({
      [SUBSCRIPTION_ENV.accountId]: { Ref: 'AWS::AccountId' },
      [SUBSCRIPTION_ENV.pushFunctionArn]: arnOf(stack.sluice.functions.push),
    })
  })

  it.each(['produce', 'fetch', 'groups', 'janitor'] as const)('%s knows nothing of push delivery', (name) => {
    for (const variable of Object.values(SUBSCRIPTION_ENV))
      expect(variablesOf(name)[variable]).toBeUndefined()
  })
})

describe('push permissions', () => {
  const wakeSchedulesArn = () => ({
    'Fn::Join': [
      '',
      [
        'arn:',
        { Ref: 'AWS::Partition' },
        ':scheduler:',
        { Ref: 'AWS::Region' },
        ':',
        { Ref: 'AWS::AccountId' },
        `:schedule/${stack.sluice.pushDelivery.wakeSchedules.scheduleGroupName}/*`,
      ],
    ],
  })

  it.each(['admin', 'push'] as const)(
    '%s creates schedules in the wake group only, and passes the wake role to Scheduler only',
    (name) => {
      const statements = roleStatements(name)
      expect(statements.filter((s) => actionsOf(s).some((a) => a.startsWith('scheduler:')))).toEqual([
        { Effect: 'Allow', Action: 'scheduler:CreateSchedule', Resource: wakeSchedulesArn() },
      ])
      expect(statements.filter((s) => actionsOf(s).includes('iam:PassRole'))).toEqual([
        {
          Effect: 'Allow',
          Action: 'iam:PassRole',
          Resource: arnOf(stack.sluice.pushDelivery.wakeRole),
          Condition: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
        },
      ])
    },
  )

  it('push reads the subscription key’s secret, and no other', () => {
    expect(
      roleStatements('push').filter((s) => actionsOf(s).some((a) => a.startsWith('secretsmanager:'))),
    ).toEqual([
      {
        Effect: 'Allow',
        Action: 'secretsmanager:GetSecretValue',
        Resource: { Ref: logicalId(stack.sluice.pushDelivery.subscriptionKey) },
      },
    ])
  })

  it('push neither batch-writes, scans nor deletes objects', () => {
    const actions = roleStatements('push').flatMap(actionsOf)
    expect(actions.filter((a) => /BatchWrite|BatchGet|Scan|s3:Delete|s3:List/.test(a))).toEqual([])
  })

  it('only the wake role, the push function itself and admin may invoke the push function', () => {
    const permissions = Object.values(resourcesOf('AWS::Lambda::Permission')).filter(
      (p) => JSON.stringify(p.Properties.FunctionName) === JSON.stringify(arnOf(stack.sluice.functions.push)),
    )
    const invokers = FUNCTION_NAMES.filter((n) => FUNCTION_ACCESS[n].pushFunction).map((n) =>
      arnOf(stack.sluice.functions[n].role as IConstruct),
    )
    expect(permissions.map((p) => p.Properties)).toEqual(
      expect.arrayContaining(
        [arnOf(stack.sluice.pushDelivery.wakeRole), ...invokers].map((principal) => ({
          Action: 'lambda:InvokeFunction',
          FunctionName: arnOf(stack.sluice.functions.push),
          Principal: principal,
        })),
      ),
    )
    expect(permissions).toHaveLength(invokers.length + 1)
    expect(invokers).toHaveLength(2)
  })

  it('no role may invoke a function by its own policy: Lambda invokes are granted by resource policies', () => {
    for (const name of FUNCTION_NAMES) {
      expect(
        roleStatements(name)
          .flatMap(actionsOf)
          .filter((a) => a.startsWith('lambda:')),
      ).toEqual([])
    }
  })
})

describe('wake schedules', () => {
  it('go in the stack’s own schedule group, deleted with the stack', () => {
    const groups = Object.values(resourcesOf('AWS::Scheduler::ScheduleGroup'))
    expect(groups).toHaveLength(1)
    expect(groups[0]?.Properties.Name).toBe(stack.sluice.pushDelivery.wakeSchedules.scheduleGroupName)
    expect(groups[0]?.DeletionPolicy).toBe('Delete')
  })

  it('run as a role only Scheduler may assume, for this account’s wake group, holding no policy', () => {
    const role = resource('AWS::IAM::Role', logicalId(stack.sluice.pushDelivery.wakeRole)).Properties
    expect(role.AssumeRolePolicyDocument).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'scheduler.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: {
            StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
            ArnEquals: { 'aws:SourceArn': arnOf(stack.sluice.pushDelivery.wakeSchedules) },
          },
        },
      ],
    })
    expect(role.Policies).toBeUndefined()
    expect(role.ManagedPolicyArns).toBeUndefined()
  })
})

describe('the subscription key', () => {
  it('is generated at deploy: the template holds only how to make one', () => {
    const secret = resource(
      'AWS::SecretsManager::Secret',
      logicalId(stack.sluice.pushDelivery.subscriptionKey),
    )
    expect(secret.Properties.SecretString).toBeUndefined()
    expect(secret.Properties.GenerateSecretString).toEqual({
      PasswordLength: 64,
      ExcludePunctuation: true,
      IncludeSpace: false,
    })
  })

  it('only admin and push may read it', () => {
    const ref = { Ref: logicalId(stack.sluice.pushDelivery.subscriptionKey) }
    const readers = FUNCTION_NAMES.filter((name) =>
      roleStatements(name).some((s) => JSON.stringify(s.Resource) === JSON.stringify(ref)),
    )
    expect(readers).toEqual(['admin', 'push'])
  })
})

describe('grantDelivery', () => {
  function withTarget() {
    const app = unbundledApp()
    const sluiceStack = new SluiceStack(app, 'Sluice')
    const etas = new LambdaFunction(sluiceStack, 'Etas', {
      runtime: Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: Code.fromInline('exports.handler = async () => ({})'),
    })
    const grant = sluiceStack.sluice.grantDelivery(etas)
    return { app, sluiceStack, etas, grant }
  }

  it('grants invoking the function to the push function’s role, and to no other', () => {
    const { sluiceStack, etas, grant } = withTarget()
    expect(grant.success).toBe(true)
    const id = (c: IConstruct) => sluiceStack.getLogicalId(c.node.defaultChild as CfnElement)
    const policies = Object.values(Template.fromStack(sluiceStack).findResources('AWS::IAM::Policy')) as {
      Properties: { Roles: unknown[]; PolicyDocument: { Statement: Statement[] } }
    }[]
    const invoking = policies.filter((p) =>
      p.Properties.PolicyDocument.Statement.some((s) => actionsOf(s).includes('lambda:InvokeFunction')),
    )
    expect(invoking).toHaveLength(1)
    expect(invoking[0]?.Properties.Roles).toEqual([
      { Ref: id(sluiceStack.sluice.functions.push.role as IConstruct) },
    ])
    expect(invoking[0]?.Properties.PolicyDocument.Statement).toEqual([
      { Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: { 'Fn::GetAtt': [id(etas), 'Arn'] } },
    ])
  })

  it('leaves cdk-nag with nothing to report', () => {
    const { app } = withTarget()
    const findings = new AwsSolutionsChecks().validateScope(app).violations
    // The inline target function is the test's own, not Sluice's: only its rules may fire.
    const sluiceFindings = findings.filter((v) =>
      v.violatingResources.some((r) => !r.constructPath?.includes('/Etas')),
    )
    expect(sluiceFindings.map((v) => v.ruleName)).toEqual([])
  })
})

describe('cdk-nag', () => {
  it('finds nothing unacknowledged about push delivery', () => {
    const app = unbundledApp()
    new SluiceStack(app, 'Sluice')
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app))
    expect(new AwsSolutionsChecks().validateScope(app).violations.map((v) => v.ruleName)).toEqual([])
    expect(Stack.of(stack).resolve(stack.sluice.pushDelivery.wakeSchedules.scheduleGroupName)).toMatch(
      /^[0-9A-Za-z._-]{1,64}$/,
    )
  })
})
