import { type AwsClients, createAwsClients } from '../../functions/storage/clients.js'
import { provisionStorage } from '../../functions/storage/provision.js'
import { testStorage } from './service.js'

/** The HTTP request of a call, as its client's own handler takes it. */
type HttpRequest = Parameters<AwsClients['dynamo']['config']['requestHandler']['handle']>[0]

/** Fails when `promise` has not settled within `ms`. */
export const within = <T>(ms: number, promise: Promise<T>) =>
  Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`not done in ${ms} ms`)), ms)),
  ])

/**
 * DynamoDB's tail latency, injected into real clients of the test stand-in: after `stallNext()`, the
 * next request of `command` (e.g. 'PutItemCommand') waits, signed and ready to go, for a gate the
 * test opens (a request that hangs, as DynamoDB's slowest do); then it goes on unless its caller
 * aborted it. With `stallNext(true)`, DynamoDB applies it at once and its answer waits instead (an
 * answer slow on the way back). `replayStalled()` sends a stalled request once more, as signed: a
 * copy that hung on the way and is applied late.
 */
export async function stalledDynamo(command: string) {
  const storage = testStorage()
  const clients = createAwsClients(storage)
  await provisionStorage(clients, storage)
  let stalled: Promise<void> | undefined
  let stallAnswer = false
  let openGate: () => void = () => undefined
  let stalledRequest: HttpRequest | undefined
  const counts = { calls: 0 }
  /** Settles once the stalled request, let through, has had its answer (or failed). */
  let released: Promise<unknown> = Promise.resolve()
  let settle: () => void = () => undefined
  clients.dynamo.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== command) return next(args)
      counts.calls++
      const gate = stalled
      stalled = undefined
      if (!gate) return next(args)
      if (stallAnswer) {
        // Applied by DynamoDB at once; its answer is what hangs.
        const answer = next(args).then(async (output) => {
          await gate
          return output
        })
        answer.finally(settle).catch(() => undefined)
        return answer
      }
      stalledRequest = args.request as HttpRequest
      await gate
      const answer = next(args)
      answer.finally(settle).catch(() => undefined)
      return answer
    },
    { step: 'finalizeRequest', name: `stallNext${command}`, priority: 'high' },
  )
  return {
    storage,
    clients,
    counts,
    /** With `answer`, the request is applied at once and its answer hangs instead. */
    stallNext(answer = false) {
      stallAnswer = answer
      released = new Promise<void>((resolve) => {
        settle = resolve
      })
      stalled = new Promise<void>((resolve) => {
        openGate = resolve
      })
    },
    openGate: () => openGate(),
    /** Waits until the stalled request, once let through, has been answered. */
    released: () => released,
    /** Sends the stalled request as it was signed: its status (200, or 400 for a failed condition). */
    async replayStalled(): Promise<number> {
      const { response } = await clients.dynamo.config.requestHandler.handle(stalledRequest as HttpRequest)
      ;(response.body as NodeJS.ReadableStream).resume()
      return response.statusCode
    },
  }
}
