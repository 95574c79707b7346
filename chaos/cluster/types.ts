/**
 * A local cluster for fault injection: K service instances (each a `npm start` child process against
 * shared stand-ins, as K Lambda instances share one table and bucket), one DynamoDB Local and one
 * s3rver, and between each instance and each store a fault proxy of the project's own.
 */

/** What a fault proxy does to the requests passing through it. */
export interface FaultProxy {
  /** The address the instance talks to (http://127.0.0.1:port). */
  readonly url: string
  /**
   * Holds every request (new and in flight) for `ms`, then lets them through: a stalled socket. With
   * `ms` unset, until `release()`.
   */
  stall(ms?: number): void
  release(): void
  /**
   * The next `count` requests are answered by the proxy with the store's throttling error (DynamoDB:
   * 400 ThrottlingException or ProvisionedThroughputExceededException; S3: 503 SlowDown), never reaching
   * the store. Replaces a count still armed; 0 disarms.
   */
  throttle(count: number): void
  /**
   * The next `count` requests reach the store and are applied, and their answers are lost (the
   * connection is reset). Replaces a count still armed; 0 disarms.
   */
  ambiguous(count: number): void
  /** Requests passed, stalled, throttled, made ambiguous: for the report and for tests. */
  readonly counts: { passed: number; stalled: number; throttled: number; ambiguous: number }
  close(): Promise<void>
}

export interface InstanceOptions {
  /** Added to the instance's clock (Date.now and new Date()), in ms. @default 0 */
  clockSkewMs?: number
  /** Extra environment for the instance. */
  env?: Record<string, string>
}

/** One service instance: a child process serving the API. */
export interface ServiceInstance {
  readonly name: string
  /** Its API base URL; stable across restarts. */
  readonly url: string
  readonly dynamo: FaultProxy
  readonly s3: FaultProxy
  /** Whether the process is running (not killed; a paused one is running). */
  readonly running: boolean
  /** Whether it is stopped by `pause()` and not resumed since. */
  readonly paused: boolean
  /** The process id while running. */
  readonly pid: number | undefined
  /** The last lines the process wrote (stdout and stderr, this start and the ones before): for reports. */
  readonly output: string
  /** kill -9. Nothing when not running. */
  kill(): void
  /** SIGSTOP / SIGCONT. Nothing when not running. */
  pause(): void
  resume(): void
  /**
   * Starts it again after a kill (same port, same proxies), waits until it answers /health. A running
   * one is killed first. `options` replace the ones it ran with; without them it keeps those.
   */
  restart(options?: InstanceOptions): Promise<void>
}

export interface ClusterOptions {
  instances: number
  /** Where the stand-ins keep their data. @default a temp dir (DynamoDB Local in memory) */
  dataDir?: string
  /** Stores already running to use instead of starting stand-ins (the cluster never stops them). */
  stores?: { dynamoEndpoint: string; s3Endpoint: string }
  /** @default 'sluice' */
  table?: string
  /** @default 'sluice' */
  bucket?: string
  /** Environment for every instance (e.g. engine timing for a faster hole timeout). */
  env?: Record<string, string>
  /** Each instance's own options at its first start, by index (e.g. a skewed clock for one). */
  instanceOptions?: readonly InstanceOptions[]
}

export interface Cluster {
  readonly instances: readonly ServiceInstance[]
  readonly dynamoEndpoint: string
  readonly s3Endpoint: string
  stop(): Promise<void>
}
