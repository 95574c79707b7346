import { dirname } from 'node:path'
import { AssetHashType, DockerImage, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib'
import type { IAlarmAction } from 'aws-cdk-lib/aws-cloudwatch'
import { AttributeType, BillingMode, StreamViewType, Table } from 'aws-cdk-lib/aws-dynamodb'
import { Effect, PolicyDocument, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam'
import {
  Architecture,
  Code,
  FilterCriteria,
  FilterRule,
  Function as LambdaFunction,
  LoggingFormat,
  Runtime,
  StartingPosition,
} from 'aws-cdk-lib/aws-lambda'
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs'
import { BlockPublicAccess, Bucket, BucketEncryption, type CfnBucket } from 'aws-cdk-lib/aws-s3'
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs'
import { Construct } from 'constructs'
import { FUNCTION_ACCESS, FUNCTION_NAMES, type FunctionName } from './access.js'
import { BUNDLE_FILE, bundleEntry, entryFile } from './bundling.js'
import { FrontDoor } from './front-door.js'
import { Monitoring } from './monitoring.js'
import { classPrefix, SEGMENT_EXPIRY_GRACE_DAYS, SEGMENT_RETENTION_CLASS_DAYS } from './segment-retention.js'

/**
 * The Lambda runtime: the newest Node.js that this CDK version knows (cdk-nag's L1 rule fails the synth
 * when a newer one appears, which is the reminder to move up). The code also runs on Node 20 locally.
 */
export const LAMBDA_RUNTIME = Runtime.NODEJS_24_X

interface FunctionSettings {
  readonly memoryMB: number
  readonly timeout: Duration
  readonly description: string
}

/**
 * Memory buys CPU and network in proportion (1,769 MB = one vCPU), and Lambda bills GB-seconds, so a
 * function that waits on DynamoDB and S3 costs about the same at 512 MB as at 1,024 MB while it runs
 * faster at the larger size. The request path (produce, fetch) gets 1 GB for 5 MiB bodies, CRCs and
 * cold starts; the rest 512 MB. `bench/deploy.ts` reports each bundle's resident memory after a first
 * request (deploy.rssMB) as a floor.
 */
export const FUNCTION_SETTINGS: Readonly<Record<FunctionName, FunctionSettings>> = {
  produce: { memoryMB: 1024, timeout: Duration.seconds(15), description: 'Sluice: produce and transactions' },
  // Long polls wait up to 20 s (waitMs); the HTTP API gives up on an integration after 30 s.
  fetch: { memoryMB: 1024, timeout: Duration.seconds(29), description: 'Sluice: fetch and offsets' },
  groups: {
    memoryMB: 512,
    timeout: Duration.seconds(10),
    description: 'Sluice: consumer groups and commits',
  },
  // Deleting a topic walks its items and segments.
  admin: { memoryMB: 512, timeout: Duration.seconds(29), description: 'Sluice: topics, keys, health' },
  janitor: { memoryMB: 512, timeout: Duration.seconds(60), description: 'Sluice: retention janitor' },
}

export interface SluiceProps {
  /**
   * How long CloudWatch keeps function and access logs.
   * @default RetentionDays.ONE_MONTH
   */
  readonly logRetention?: RetentionDays
  /**
   * Memory in MB per function, overriding `FUNCTION_SETTINGS` for the functions named.
   * @default FUNCTION_SETTINGS' memory sizes
   */
  readonly memoryMB?: Partial<Record<FunctionName, number>>
  /**
   * What the alarms do when they fire, e.g. `new SnsAction(topic)`.
   * @default none: alarms show in the CloudWatch console only
   */
  readonly alarmAction?: IAlarmAction
  /**
   * Whether to create the CloudWatch dashboard (free for an account's first three, then $3 a month).
   * @default true
   */
  readonly dashboard?: boolean
}

/**
 * Sluice in your own AWS account: one DynamoDB table, one S3 bucket, a function per concern behind one
 * HTTP API, the retention janitor on the table's stream, alarms and a dashboard. Usable in any CDK app.
 */
export class Sluice extends Construct {
  readonly table: Table
  readonly bucket: Bucket
  readonly functions: Readonly<Record<FunctionName, LambdaFunction>>
  readonly janitorDeadLetters: Queue
  readonly frontDoor: FrontDoor
  readonly monitoring: Monitoring
  /** The base URL to give the SDK and CLI. */
  readonly url: string

  constructor(scope: Construct, id: string, props: SluiceProps = {}) {
    super(scope, id)
    const logRetention = props.logRetention ?? RetentionDays.ONE_MONTH

    this.table = new Table(this, 'Table', {
      partitionKey: { name: 'pk', type: AttributeType.STRING },
      sortKey: { name: 'sk', type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: 'ttl',
      stream: StreamViewType.NEW_AND_OLD_IMAGES,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy: RemovalPolicy.RETAIN,
    })

    this.bucket = new Bucket(this, 'Segments', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        ...SEGMENT_RETENTION_CLASS_DAYS.map((days) => ({
          id: `orphaned-segments-d${days}`,
          prefix: classPrefix(days),
          expiration: Duration.days(days + SEGMENT_EXPIRY_GRACE_DAYS),
        })),
        { id: 'incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
    })
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'Only the Sluice functions can reach the bucket (public access blocked, TLS only), and every request ' +
        'that leads to an S3 call is in the HTTP API access log. Server access logs would need a second ' +
        'bucket and bill storage per request; turn on CloudTrail S3 data events where an audit needs them.',
    })

    this.janitorDeadLetters = new Queue(this, 'JanitorDeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    })
    Validations.of(this.janitorDeadLetters).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        "This queue is the dead-letter store itself: the janitor's stream mapping sends the batches it gave " +
        'up on here. A queue behind it would never receive anything.',
    })

    const environment = {
      SLUICE_TABLE: this.table.tableName,
      SLUICE_BUCKET: this.bucket.bucketName,
      POWERTOOLS_SERVICE_NAME: 'sluice',
      POWERTOOLS_METRICS_NAMESPACE: 'Sluice',
    }
    const functions = {} as Record<FunctionName, LambdaFunction>
    for (const name of FUNCTION_NAMES) {
      const settings = FUNCTION_SETTINGS[name]
      const logGroup = new LogGroup(this, `${name}Logs`, { retention: logRetention })
      functions[name] = new LambdaFunction(this, name, {
        runtime: LAMBDA_RUNTIME,
        architecture: Architecture.ARM_64,
        code: bundledCode(name),
        handler: `${BUNDLE_FILE.replace(/\.mjs$/, '')}.handler`,
        memorySize: props.memoryMB?.[name] ?? settings.memoryMB,
        timeout: settings.timeout,
        description: settings.description,
        environment,
        logGroup,
        loggingFormat: LoggingFormat.JSON,
        role: this.roleFor(name, logGroup),
      })
    }
    this.functions = functions

    functions.janitor.addEventSourceMapping('TableStream', {
      eventSourceArn: this.tableStreamArn,
      startingPosition: StartingPosition.TRIM_HORIZON,
      batchSize: 100,
      // Only deletions (TTL expiry, topic deletion) free segments; the filter saves invoking on the rest.
      filters: [FilterCriteria.filter({ eventName: FilterRule.isEqual('REMOVE') })],
      bisectBatchOnError: true,
      reportBatchItemFailures: true,
      retryAttempts: 10,
      // Sent as {destination} directly: the janitor's role already holds sqs:SendMessage (FUNCTION_ACCESS).
      onFailure: { bind: () => ({ destination: this.janitorDeadLetters.queueArn }) },
    })

    this.frontDoor = new FrontDoor(this, 'FrontDoor', { functions, logRetention })
    this.url = this.frontDoor.url
    this.monitoring = new Monitoring(this, 'Monitoring', {
      functions,
      table: this.table,
      stage: this.frontDoor.stage,
      janitorDeadLetters: this.janitorDeadLetters,
      dashboard: props.dashboard ?? true,
      ...(props.alarmAction ? { alarmAction: props.alarmAction } : {}),
    })
  }

  private get tableStreamArn(): string {
    const arn = this.table.tableStreamArn
    if (!arn) throw new Error('the table has no stream')
    return arn
  }

  /** A role holding exactly FUNCTION_ACCESS[name], plus writing to the function's own log group. */
  private roleFor(name: FunctionName, logGroup: LogGroup): Role {
    const access = FUNCTION_ACCESS[name]
    const statement = (actions: readonly string[] | undefined, resource: string) =>
      actions?.length
        ? [new PolicyStatement({ effect: Effect.ALLOW, actions: [...actions], resources: [resource] })]
        : []
    const objectsArn = this.bucket.arnForObjects('*')
    const role = new Role(this, `${name}Role`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Sluice ${name} function`,
      inlinePolicies: {
        access: new PolicyDocument({
          statements: [
            ...statement(['logs:CreateLogStream', 'logs:PutLogEvents'], logGroup.logGroupArn),
            ...statement(access.table, this.table.tableArn),
            ...statement(access.stream, this.tableStreamArn),
            ...statement(access.anyResource, '*'),
            ...statement(access.objects, objectsArn),
            ...statement(access.bucket, this.bucket.bucketArn),
            ...statement(access.deadLetters, this.janitorDeadLetters.queueArn),
          ],
        }),
      },
    })
    if (access.objects?.length) {
      Validations.of(role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${this.logicalIdOf(this.bucket)}.Arn>/*]`,
        reason:
          `Segment keys are generated per produce request, so ${name} needs its actions (${access.objects.join(', ')}) ` +
          'on every object of its own bucket, and on nothing else.',
      })
    }
    if (access.anyResource?.length) {
      Validations.of(role).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: `${access.anyResource.join(', ')} takes no resource ARN in IAM; it only lists stream ARNs.`,
      })
    }
    return role
  }

  private logicalIdOf(bucket: Bucket): string {
    return Stack.of(this).resolve((bucket.node.defaultChild as CfnBucket).logicalId) as string
  }
}

/**
 * The function's code, bundled by esbuild in-process at synth (no Docker): the asset is the bundle, hashed
 * by its content, so an unchanged bundle is not uploaded again.
 */
function bundledCode(name: FunctionName): Code {
  const entry = entryFile(name)
  return Code.fromAsset(dirname(entry), {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Never pulled: local bundling always succeeds or throws.
      image: DockerImage.fromRegistry('esbuild-runs-locally'),
      // CDK caches bundles by source directory and these options; the entry keeps the functions apart.
      environment: { SLUICE_ENTRY: name },
      local: {
        tryBundle(outputDir) {
          bundleEntry(entry, outputDir)
          return true
        },
      },
    },
  })
}
