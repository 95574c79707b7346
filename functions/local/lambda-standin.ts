import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { pathToFileURL } from 'node:url'

/** What a handler gets as its second argument: the parts of Lambda's context a Sluice handler reads. */
export interface StandInContext {
  functionName: string
  functionVersion: string
  invokedFunctionArn: string
  awsRequestId: string
  getRemainingTimeInMillis(): number
}

/** A function's handler, as a Lambda module exports it: `export const handler = async (event) => ...`. */
export type LambdaHandler = (event: unknown, context: StandInContext) => unknown

export interface LambdaStandIn {
  /** The endpoint to give a Lambda client. */
  url: string
  /**
   * Serves invokes of a function, named by its name or ARN, with a handler or the path of a module
   * exporting `handler` (imported on the first invoke). Qualifiers are ignored: every version and
   * alias of a function runs its one handler.
   */
  register(functionNameOrArn: string, handler: LambdaHandler | string): void
  /** Resolves once every `Event` invoke accepted so far has run. */
  settled(): Promise<void>
  stop(): Promise<void>
}

export interface StandInOptions {
  port?: number
  /** Where functions registered by name live, for their `invokedFunctionArn`. */
  region?: string
  accountId?: string
  /** How long a handler may run before its invoke answers a timeout error. @default 900000 */
  timeoutMs?: number
  /** An `Event` invoke's handler failed (Lambda would retry it, then drop it). @default console.error */
  onAsyncError?: (functionName: string, err: unknown) => void
}

interface Registered {
  arn: string
  handler: Promise<LambdaHandler> | LambdaHandler | string
}

const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/

/**
 * A local stand-in for Lambda's Invoke API (`POST /2015-03-31/functions/{FunctionName}/invocations`),
 * so that the AWS SDK's Lambda client runs against handlers in this process: `RequestResponse` answers
 * what the handler returned, or `X-Amz-Function-Error: Unhandled` with `{errorType, errorMessage}` when
 * it threw; `Event` answers 202 and runs the handler after; `DryRun` answers 204. An unknown function
 * is 404 `ResourceNotFoundException`, as in Lambda.
 */
export async function startLambdaStandIn(options: StandInOptions = {}): Promise<LambdaStandIn> {
  const region = options.region ?? 'us-east-1'
  const accountId = options.accountId ?? '000000000000'
  const timeoutMs = options.timeoutMs ?? 900_000
  const onAsyncError =
    options.onAsyncError ?? ((name, err) => console.error(`lambda stand-in: ${name} failed:`, err))
  const functions = new Map<string, Registered>()
  const running = new Set<Promise<unknown>>()

  const handlerOf = async (entry: Registered): Promise<LambdaHandler> => {
    if (typeof entry.handler === 'string') {
      const path = entry.handler
      entry.handler = import(pathToFileURL(path).href).then((module: { handler?: unknown }) => {
        if (typeof module.handler !== 'function') throw new Error(`${path} exports no handler`)
        return module.handler as LambdaHandler
      })
    }
    return entry.handler
  }

  const run = async (name: string, entry: Registered, event: unknown): Promise<unknown> => {
    const deadline = Date.now() + timeoutMs
    const context: StandInContext = {
      functionName: name,
      functionVersion: '$LATEST',
      invokedFunctionArn: entry.arn,
      awsRequestId: randomUUID(),
      getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    }
    const handler = await handlerOf(entry)
    let timer: NodeJS.Timeout | undefined
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new TimeoutError(timeoutMs)), timeoutMs)
    })
    try {
      return await Promise.race([Promise.resolve(handler(event, context)), timedOut])
    } finally {
      clearTimeout(timer)
    }
  }

  const server = createServer((req, res) => {
    serve(req, res).catch((err: unknown) => answer(res, 500, { message: String(err) }, 'ServiceException'))
  })

  async function serve(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://stand-in')
    const path = INVOKE_PATH.exec(url.pathname)
    if (req.method !== 'POST' || !path) {
      answer(res, 404, { message: `no such operation: ${req.method} ${url.pathname}` }, 'UnknownOperation')
      return
    }
    const requested = decodeURIComponent(path[1] as string)
    const name = functionNameOf(requested)
    const entry = functions.get(name)
    if (!entry) {
      const arn = requested.startsWith('arn:') ? requested : arnOf(region, accountId, name)
      answer(res, 404, { Type: 'User', message: `Function not found: ${arn}` }, 'ResourceNotFoundException')
      return
    }
    const body = await readBody(req)
    let event: unknown
    try {
      event = body.length === 0 ? {} : JSON.parse(body.toString('utf8'))
    } catch {
      const message = 'Could not parse request body into json'
      answer(res, 400, { Type: 'User', message }, 'InvalidRequestContentException')
      return
    }
    const invocationType = req.headers['x-amz-invocation-type'] ?? 'RequestResponse'
    if (invocationType === 'DryRun') {
      res.writeHead(204).end()
      return
    }
    if (invocationType === 'Event') {
      const invocation = run(name, entry, event).catch((err: unknown) => onAsyncError(name, err))
      running.add(invocation)
      void invocation.finally(() => running.delete(invocation))
      res.writeHead(202).end()
      return
    }
    try {
      const result = await run(name, entry, event)
      const payload = JSON.stringify(result) ?? 'null'
      res.writeHead(200, { 'content-type': 'application/json', 'x-amz-executed-version': '$LATEST' })
      res.end(payload)
    } catch (err) {
      res.writeHead(200, {
        'content-type': 'application/json',
        'x-amz-executed-version': '$LATEST',
        'x-amz-function-error': 'Unhandled',
      })
      res.end(JSON.stringify(thrownPayload(err)))
    }
  }

  const settled = async () => {
    while (running.size > 0) await Promise.allSettled([...running])
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    register(functionNameOrArn, handler) {
      const name = functionNameOf(functionNameOrArn)
      const arn = functionNameOrArn.startsWith('arn:')
        ? functionNameOrArn
        : arnOf(region, accountId, functionNameOrArn)
      functions.set(name, { arn, handler })
    },
    settled,
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
      await settled()
    },
  }
}

/** A handler that ran out of time, as Lambda reports it. */
class TimeoutError extends Error {
  constructor(timeoutMs: number) {
    super(`Task timed out after ${(timeoutMs / 1000).toFixed(2)} seconds`)
    this.name = 'Sandbox.Timedout'
  }
}

/** The payload of an Unhandled function error, as the Node.js runtime writes it. */
function thrownPayload(err: unknown) {
  if (err instanceof Error) {
    return { errorType: err.name, errorMessage: err.message, trace: err.stack?.split('\n') ?? [] }
  }
  return { errorType: typeof err, errorMessage: String(err), trace: [] }
}

/** The function's name within a name, a partial ARN (`<account>:function:<name>`) or an ARN, qualifier dropped. */
function functionNameOf(nameOrArn: string): string {
  const parts = nameOrArn.split(':')
  const at = parts.indexOf('function')
  return (at >= 0 ? parts[at + 1] : parts[0]) ?? nameOrArn
}

const arnOf = (region: string, accountId: string, name: string) =>
  `arn:aws:lambda:${region}:${accountId}:function:${name}`

/** An error answer as Lambda's REST-JSON protocol has it: the type in a header, the message in the body. */
function answer(res: ServerResponse, status: number, body: Record<string, string>, type: string) {
  res.writeHead(status, { 'content-type': 'application/json', 'x-amzn-errortype': type })
  res.end(JSON.stringify(body))
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}
