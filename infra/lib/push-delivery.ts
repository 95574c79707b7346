import { Aws, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib'
import {
  ArnPrincipal,
  Effect,
  type IRole,
  PolicyStatement,
  Role,
  ServicePrincipal,
} from 'aws-cdk-lib/aws-iam'
import { FilterCriteria, type Function as LambdaFunction, StartingPosition } from 'aws-cdk-lib/aws-lambda'
import { ScheduleGroup } from 'aws-cdk-lib/aws-scheduler'
import { Secret } from 'aws-cdk-lib/aws-secretsmanager'
import { Construct } from 'constructs'
import { SUBSCRIPTION_ENV } from '../../functions/lambda/subscription-env.js'
import { FIRST_ENTRY_SK, groupPk, RESET_AT } from '../../functions/storage/table-schema.js'
import { FUNCTION_ACCESS, FUNCTION_NAMES, type FunctionName } from './access.js'

/**
 * What of the table's stream the push function is invoked for (Lambda event filtering, so the rest
 * costs nothing): a record appended, an index entry inserted (`e#...`); and a committed offset placed
 * by a reset, which may unblock a partition: a group's item marked `RESET_AT` (a filter sees the new
 * image only, and a lease's release looks like a reset but for the mark, which the take before it
 * removed). A delivery's own writes (take, commits, release) are left out.
 */
export const PUSH_STREAM_FILTERS = [
  { eventName: ['INSERT'], dynamodb: { Keys: { sk: { S: [{ prefix: FIRST_ENTRY_SK }] } } } },
  {
    eventName: ['INSERT', 'MODIFY'],
    dynamodb: {
      Keys: { pk: { S: [{ prefix: groupPk('') }] } },
      NewImage: { [RESET_AT]: { N: [{ exists: true }] } },
    },
  },
]

export interface PushDeliveryProps {
  /** The table's stream, which the push function reads. */
  readonly tableStreamArn: string
}

/**
 * Subscriptions' push delivery around the push function: its stream source, the schedule group and role
 * its later wakes run by, the key webhook secrets are sealed with, who may invoke it, and the
 * environment of the functions that wake it. Made before the functions (their roles name its parts);
 * `attach` wires the functions once made.
 */
export class PushDelivery extends Construct {
  /** The secret the key sealing webhook secrets derives from: generated at deploy, never in the template. */
  readonly subscriptionKey: Secret
  /** Where one-time wake schedules go; deleted with the stack, and the schedules in it. */
  readonly wakeSchedules: ScheduleGroup
  /** The role wake schedules run as: the push function's resource policy lets it invoke it, nothing else does. */
  readonly wakeRole: Role
  private readonly tableStreamArn: string

  constructor(scope: Construct, id: string, props: PushDeliveryProps) {
    super(scope, id)
    this.tableStreamArn = props.tableStreamArn
    this.subscriptionKey = new Secret(this, 'SubscriptionKey', {
      description: 'Sluice: the key webhook secrets are sealed with in the table. Never change it.',
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
    })
    Validations.of(this.subscriptionKey).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Every webhook secret in the table is sealed under a key derived from this secret: rotating it would ' +
        'leave them unopenable. Only the admin and push functions may read it; replace a webhook secret by ' +
        'changing the subscription (PATCH) instead.',
    })
    this.wakeSchedules = new ScheduleGroup(this, 'WakeSchedules', { removalPolicy: RemovalPolicy.DESTROY })
    this.wakeRole = new Role(this, 'WakeRole', {
      description: 'Sluice: wake schedules invoke the push function as this role',
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: {
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
          ArnEquals: { 'aws:SourceArn': this.wakeSchedules.scheduleGroupArn },
        },
      }),
    })
  }

  /** The schedules of the wake group: their names are made per wake, so only a pattern names them. */
  get wakeSchedulesArn(): string {
    return Stack.of(this).formatArn({
      service: 'scheduler',
      resource: 'schedule',
      resourceName: `${this.wakeSchedules.scheduleGroupName}/*`,
    })
  }

  /** The statements of a role holding `name`'s FUNCTION_ACCESS on the parts made here. */
  statementsFor(name: FunctionName): PolicyStatement[] {
    const access = FUNCTION_ACCESS[name]
    const on = (actions: readonly string[] | undefined, resource: string, conditions?: object) =>
      actions?.length
        ? [
            new PolicyStatement({
              effect: Effect.ALLOW,
              actions: [...actions],
              resources: [resource],
              ...(conditions ? { conditions } : {}),
            }),
          ]
        : []
    return [
      ...on(access.subscriptionKey, this.subscriptionKey.secretArn),
      ...on(access.wakeSchedules, this.wakeSchedulesArn),
      // Passed to EventBridge Scheduler with a schedule, and to nothing else.
      ...on(access.wakeRole, this.wakeRole.roleArn, {
        StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' },
      }),
    ]
  }

  /** Acknowledges to cdk-nag the one pattern `name`'s role holds here: the wake group's schedules. */
  acknowledgeFor(name: FunctionName, role: IRole): void {
    if (!FUNCTION_ACCESS[name].wakeSchedules?.length) return
    const group = this.wakeSchedules.scheduleGroupName
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule/${group}/*]`,
      reason:
        `Each wake is a one-time schedule named by its subscription, partition and minute, so ${name} may ` +
        'create schedules by any name, in the stack’s wake schedule group only.',
    })
  }

  /**
   * Wires the functions once made: the push function on the table's stream, invocable by the wake role,
   * by itself and by the functions FUNCTION_ACCESS lets; its async invokes never retried by Lambda (a
   * failed run schedules its own retry); the environment of the functions that wake deliveries.
   */
  attach(functions: Readonly<Record<FunctionName, LambdaFunction>>): void {
    const push = functions.push
    // DynamoDB Streams serves at most two readers per shard at once: the janitor and this one.
    push.addEventSourceMapping('TableStream', {
      eventSourceArn: this.tableStreamArn,
      // Subscriptions made before it are woken when made: nothing older needs dispatching.
      startingPosition: StartingPosition.LATEST,
      batchSize: 100,
      filters: PUSH_STREAM_FILTERS.map((pattern) => FilterCriteria.filter(pattern)),
      // Dispatch only wakes, and a wake twice is harmless: a failed batch is tried again, halved, and
      // after a few attempts passed by, so the shard never waits on it (the next append wakes again).
      bisectBatchOnError: true,
      retryAttempts: 3,
      maxRecordAge: Duration.hours(1),
    })
    push.configureAsyncInvoke({ retryAttempts: 0 })
    push.addPermission('InvokedByWakeSchedules', {
      principal: new ArnPrincipal(this.wakeRole.roleArn),
      action: 'lambda:InvokeFunction',
    })
    const environment: Record<string, string> = {
      [SUBSCRIPTION_ENV.accountId]: Aws.ACCOUNT_ID,
      [SUBSCRIPTION_ENV.keySecretArn]: this.subscriptionKey.secretArn,
      [SUBSCRIPTION_ENV.scheduleGroup]: this.wakeSchedules.scheduleGroupName,
      [SUBSCRIPTION_ENV.schedulerRoleArn]: this.wakeRole.roleArn,
    }
    for (const name of FUNCTION_NAMES) {
      const fn = functions[name]
      const access = FUNCTION_ACCESS[name]
      for (const action of access.pushFunction ?? []) {
        push.addPermission(`InvokedBy${name}`, { principal: roleOf(fn), action })
      }
      if (!access.wakeSchedules?.length) continue
      for (const [variable, value] of Object.entries(environment)) fn.addEnvironment(variable, value)
      // The push function knows itself from its invocations: naming it in its own environment is a cycle.
      if (fn !== push) fn.addEnvironment(SUBSCRIPTION_ENV.pushFunctionArn, push.functionArn)
    }
  }
}

function roleOf(fn: LambdaFunction): IRole {
  if (!fn.role) throw new Error(`${fn.node.id} has no role`)
  return fn.role
}
