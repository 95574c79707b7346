import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import type { S3Client } from '@aws-sdk/client-s3'
import { type AwsClients, createAwsClients } from '../../functions/storage/clients.js'
import type { StorageConfig } from '../../functions/storage/config.js'
import type { LatencyModel } from './latency-model.js'
import type { RequestMeter } from './request-meter.js'

export interface Instrumentation {
  meter: RequestMeter
  /** Without it, calls take what the local stand-ins take. */
  latency?: LatencyModel
}

type Service = 'dynamodb' | 's3'

interface CapacityReport {
  CapacityUnits?: number
}

interface CommandInput {
  Bucket?: string
  Key?: string
  ReturnConsumedCapacity?: string
  ConsistentRead?: boolean
  Body?: unknown
  ContentLength?: number
}

interface CommandOutput {
  ConsumedCapacity?: CapacityReport | CapacityReport[]
  ContentLength?: number
  $metadata?: object
}

/** What the handler below the middleware answers: the parsed output and the raw response. */
interface Answer {
  output: CommandOutput
  response?: unknown
}

/** The DynamoDB commands that accept ReturnConsumedCapacity. */
const CAPACITY_REPORTING = new Set([
  'GetItem',
  'Query',
  'Scan',
  'BatchGetItem',
  'TransactGetItems',
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'BatchWriteItem',
  'TransactWriteItems',
])

/**
 * Reads of S3 objects, which are immutable here and never hedged: their sampled latency comes before
 * the stand-in call, so that reads issued side by side (a fetch's segment GETs) wait side by side,
 * while s3rver serves them one after another in time that is taken out. Other calls go to the
 * stand-in first and wait after: a DynamoDB read then sees the table as of its start, not its answer,
 * and a hedged write that loses has landed and is billed, as one that reached AWS is.
 */
const WAIT_FIRST = new Set(['GetObject', 'HeadObject'])

const operationOf = (context: { commandName?: string }) =>
  (context.commandName ?? 'Unknown').replace(/Command$/, '')

const reportedCapacity = (report: CapacityReport | CapacityReport[] | undefined): number =>
  (Array.isArray(report) ? report : report ? [report] : []).reduce(
    (sum, r) => sum + (r.CapacityUnits ?? 0),
    0,
  )

const bodyLength = (input: CommandInput): number => {
  if (typeof input.ContentLength === 'number') return input.ContentLength
  const body = input.Body
  if (body instanceof Uint8Array) return body.length
  if (typeof body === 'string') return Buffer.byteLength(body)
  return 0
}

/** The one method of a client's HTTP handler used here. */
interface LooseHandler {
  handle(request: unknown, options?: { abortSignal?: AbortSignal }): Promise<unknown>
}

/**
 * Notes the abort signal each request is sent with, by request: middlewares do not see it, and a
 * hedged call that lost (see functions/storage/hedged.ts) must stop its injected wait when aborted,
 * or the wait would run on into the next request's figures.
 */
function recordAbortSignals(client: DynamoDBClient | S3Client): WeakMap<object, AbortSignal> {
  const signals = new WeakMap<object, AbortSignal>()
  const handler = client.config.requestHandler as unknown as LooseHandler
  const handle = handler.handle.bind(handler)
  handler.handle = (request, options) => {
    if (options?.abortSignal && typeof request === 'object' && request !== null) {
      signals.set(request, options.abortSignal)
    }
    return handle(request, options)
  }
  return signals
}

/** The one method of a client's middleware stack used here, with the plain shapes these middlewares read. */
interface LooseStack {
  add(middleware: unknown, options: { step: string; name: string; priority?: string }): void
}

/**
 * Two AWS SDK v3 middlewares: one asks DynamoDB for its consumed capacity on every command
 * (transactions included), the other, around every attempt, counts the request in the meter and,
 * with a latency model, delays it by a sampled AWS latency (see WAIT_FIRST for before or after) and
 * notes the time the call spent in the local stand-in, which simulated figures then take out
 * (`LatencyModel.excludedWithin`): the stand-ins' speed on a busy laptop must not leak into figures
 * meant for AWS.
 */
function instrument(
  client: DynamoDBClient | S3Client,
  service: Service,
  { meter, latency }: Instrumentation,
) {
  // Each client types its stack by its own input and output unions; these middlewares treat them alike.
  const stack = client.middlewareStack as unknown as LooseStack
  const signals = recordAbortSignals(client)
  /** What S3 answered for each object (bucket/key) this client has PUT. */
  const landed = new Map<string, Answer>()
  if (service === 'dynamodb') {
    stack.add(
      (next: (args: { input: CommandInput }) => Promise<unknown>, context: { commandName?: string }) =>
        (args: { input: CommandInput }) =>
          CAPACITY_REPORTING.has(operationOf(context))
            ? next({ ...args, input: { ...args.input, ReturnConsumedCapacity: 'TOTAL' } })
            : next(args),
      { step: 'initialize', name: 'benchConsumedCapacity' },
    )
  }
  stack.add(
    (
      next: (args: { input: CommandInput; request?: object }) => Promise<Answer>,
      context: { commandName?: string },
    ) =>
      async (args: { input: CommandInput; request?: object }) => {
        const operation = operationOf(context)
        let result: Answer | undefined
        let failure: unknown
        const modelled = `${service}.${operation}`
        const covered = latency?.covers(modelled) === true
        const waitsFirst = covered && WAIT_FIRST.has(operation)
        if (latency && waitsFirst) await latency.delay(latency.sample(modelled))
        const endExclusion = covered ? latency?.openExclusion() : undefined
        const object =
          service === 's3' && operation === 'PutObject' ? `${args.input.Bucket}/${args.input.Key}` : ''
        try {
          // A second PUT of a segment (a hedge) carries the bytes s3rver already holds. s3rver would
          // rewrite the file in place, under concurrent readers, and an abort would leave it cut short,
          // where S3 replaces an object atomically: so the stand-in's copy is kept, the PUT is metered
          // and delayed like any other, and it gets the first one's answer (with metadata of its own,
          // which the SDK's retry middleware writes its attempt count into).
          const first = landed.get(object)
          result = first
            ? { ...first, output: { ...first.output, $metadata: { ...first.output.$metadata } } }
            : await next(args)
          if (object && !first) landed.set(object, result)
        } catch (err) {
          failure = err
        }
        const simulatedInStandIn = endExclusion?.() ?? 0
        const output = result?.output
        const bytesIn = service === 's3' && operation === 'PutObject' ? bodyLength(args.input) : 0
        const bytesOut = service === 's3' && operation === 'GetObject' ? (output?.ContentLength ?? 0) : 0
        if (service === 'dynamodb') {
          meter.recordDynamo(operation, reportedCapacity(output?.ConsumedCapacity), {
            failed: failure !== undefined,
            consistentRead: args.input.ConsistentRead === true,
          })
        } else {
          meter.recordS3(operation, { in: bytesIn, out: bytesOut }, failure !== undefined)
        }
        if (latency && waitsFirst && bytesOut > 0) {
          await latency.delay(latency.transferMs(modelled, bytesOut))
        } else if (latency && covered && !waitsFirst) {
          const signal = args.request ? signals.get(args.request) : undefined
          // Time in the stand-in that ran beside another call's injected wait is simulated time
          // already (a hedge sent while the first call waits): this call's wait began when it was sent.
          const sampled = latency.sample(modelled, bytesIn + bytesOut)
          await latency.delay(Math.max(0, sampled - simulatedInStandIn), signal)
        }
        if (failure !== undefined) throw failure
        return result
      },
    { step: 'finalizeRequest', name: 'benchMeterAndLatency', priority: 'low' },
  )
}

/** The service's own AWS clients, with the bench's accounting (and optionally latency) middleware. */
export function createInstrumentedClients(
  storage: StorageConfig,
  instrumentation: Instrumentation,
): AwsClients {
  const clients = createAwsClients(storage)
  instrument(clients.dynamo, 'dynamodb', instrumentation)
  instrument(clients.s3, 's3', instrumentation)
  return clients
}
