/**
 * Every permission a Sluice function holds, in one place to audit. The construct turns each list into one
 * IAM statement on one resource; nothing else grants the functions anything (their roles start empty,
 * and each may write only to its own log group).
 *
 * DynamoDB has no IAM action for transactions: TransactWriteItems is authorised per item by PutItem,
 * UpdateItem, DeleteItem and ConditionCheckItem, so the lists below cover transactions too.
 */
export interface FunctionAccess {
  /** Actions on the table (its items). */
  readonly table?: readonly string[]
  /** Actions on the table's stream. */
  readonly stream?: readonly string[]
  /** Actions that IAM only grants on every resource ("*"): they take no resource ARN. */
  readonly anyResource?: readonly string[]
  /** Actions on the bucket's objects. */
  readonly objects?: readonly string[]
  /** Actions on the janitor's dead-letter queue. */
  readonly deadLetters?: readonly string[]
  /** Actions on the root key's secret in Secrets Manager. */
  readonly rootKey?: readonly string[]
  /** Actions on the secret the key sealing webhook secrets derives from. */
  readonly subscriptionKey?: readonly string[]
  /** Actions on the schedules of the stack's wake schedule group (one-time wakes of the push function). */
  readonly wakeSchedules?: readonly string[]
  /** Actions on the role those schedules run as (passing it to EventBridge Scheduler, and nothing else). */
  readonly wakeRole?: readonly string[]
  /**
   * Actions on the push function, granted in its resource policy to this function's role: the push
   * function's own role cannot name the function in its policy (the function is made after its role).
   */
  readonly pushFunction?: readonly string[]
}

export const FUNCTION_NAMES = ['produce', 'fetch', 'groups', 'admin', 'janitor', 'push'] as const
export type FunctionName = (typeof FUNCTION_NAMES)[number]

/** The functions the table's stream and the push function's wakes invoke, not the HTTP API. */
export const STREAM_FUNCTION_NAMES = ['janitor', 'push'] as const satisfies readonly FunctionName[]
/** The functions behind the HTTP API. */
export type HttpFunctionName = Exclude<FunctionName, (typeof STREAM_FUNCTION_NAMES)[number]>
export const isHttpFunction = (name: FunctionName): name is HttpFunctionName =>
  !(STREAM_FUNCTION_NAMES as readonly FunctionName[]).includes(name)

/**
 * Every HTTP function authenticates requests, so each reads the root key's secret (once, then at most
 * every few minutes; it keeps only the key's hash). The janitor serves no requests and cannot read it.
 */
const READS_ROOT_KEY = ['secretsmanager:GetSecretValue']

/**
 * What waking a partition's delivery takes (creating or changing a subscription wakes its partitions;
 * a delivery wakes itself after a backoff or a spent budget): an async invoke of the push function, or
 * a one-time schedule that invokes it later, run as the wake role. Webhook secrets are sealed and opened
 * with the key from the subscription key's secret.
 */
const WAKES_DELIVERIES = {
  pushFunction: ['lambda:InvokeFunction'],
  wakeSchedules: ['scheduler:CreateSchedule'],
  wakeRole: ['iam:PassRole'],
  subscriptionKey: ['secretsmanager:GetSecretValue'],
} as const satisfies FunctionAccess

export const FUNCTION_ACCESS: Readonly<Record<FunctionName, FunctionAccess>> = {
  // Reserves offsets (UpdateItem ADD on the head), writes index entries, idempotency records and, in
  // /v1/transactions, offset commits guarded by a lease check. Uploads segments; may never delete one.
  produce: {
    table: [
      'dynamodb:GetItem',
      'dynamodb:Query',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:ConditionCheckItem',
    ],
    objects: ['s3:PutObject'],
    rootKey: READS_ROOT_KEY,
  },
  // Reads index entries and segments; POST /v1/fetch first reads partition heads in one BatchGetItem.
  // The two table writes are part of reading, not of producing: a reader that finds a crashed writer's
  // hole older than the timeout fills it with a skip marker (PutItem, conditional on the slot being
  // empty) and raises the partition head's hints (UpdateItem). No S3 write of any kind.
  fetch: {
    table: [
      'dynamodb:GetItem',
      'dynamodb:BatchGetItem',
      'dynamodb:Query',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
    ],
    objects: ['s3:GetObject'],
    rootKey: READS_ROOT_KEY,
  },
  // Members, leases and committed offsets: create, renew, release (DeleteItem), fenced commits, and
  // deleting a whole group (BatchWriteItem). Lag reads partition heads. No S3 access.
  groups: {
    table: [
      'dynamodb:GetItem',
      'dynamodb:Query',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
      'dynamodb:BatchWriteItem',
      'dynamodb:ConditionCheckItem',
    ],
    rootKey: READS_ROOT_KEY,
  },
  // Topics, API keys and group resets. Deleting a topic removes its items (BatchWriteItem) and the
  // segments those items point at, by key (so no ListBucket). It never reads or writes record data.
  admin: {
    table: [
      'dynamodb:GetItem',
      'dynamodb:Query',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
      'dynamodb:BatchWriteItem',
      'dynamodb:ConditionCheckItem',
    ],
    objects: ['s3:DeleteObject'],
    rootKey: READS_ROOT_KEY,
    // The subscription routes (the front door's default target): they seal secrets and wake deliveries.
    ...WAKES_DELIVERIES,
  },
  // Reads the table's stream (Lambda's event source mapping polls it with the function's role) and
  // deletes the segments of removed index entries. When a deleted topic's retired partition heads
  // expire, it lists and deletes what late writers left in those partitions (Query, BatchWriteItem);
  // it gets, puts and updates no item. Batches that keep failing go to its queue.
  janitor: {
    table: ['dynamodb:Query', 'dynamodb:BatchWriteItem'],
    stream: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'],
    anyResource: ['dynamodb:ListStreams'],
    objects: ['s3:DeleteObject'],
    deadLetters: ['sqs:SendMessage'],
  },
  // Subscriptions' push delivery. Reads the table's stream (index entry inserts, group resets) and wakes
  // deliveries. A delivery reads subscriptions, their progress and the log (segments too), holds and
  // renews the group partition's lease (UpdateItem), commits fenced offsets, and with exactly-once
  // output or a dead-letter topic appends records in the commit's transaction (PutItem, UpdateItem,
  // ConditionCheckItem; large ones as segments); progress a delivery no longer needs is deleted. No
  // batch reads or writes, no S3 delete, no root key: it serves no requests.
  push: {
    table: [
      'dynamodb:GetItem',
      'dynamodb:Query',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
      'dynamodb:ConditionCheckItem',
    ],
    stream: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'],
    anyResource: ['dynamodb:ListStreams'],
    objects: ['s3:GetObject', 's3:PutObject'],
    ...WAKES_DELIVERIES,
  },
}
