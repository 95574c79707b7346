import { type AwsClients, createAwsClients } from '../../functions/storage/clients.js'
import { testStorage } from '../support/service.js'

/** A DynamoDB request held back, its input final, until the test lets it go to DynamoDB. */
export interface HeldRequest {
  /** Resolves once the request has reached the hold (its conditions are fixed by then). */
  reached: Promise<void>
  /** Lets it go on to DynamoDB. */
  release(): void
}

/** A promise and the function that resolves it. */
function signal() {
  let fire = () => {}
  const promise = new Promise<void>((resolve) => {
    fire = resolve
  })
  return { promise, fire }
}

/**
 * Real clients of the test stand-in whose requests the test may hold back one by one: a request slow
 * on its way to DynamoDB (a long network path, a paused Lambda), so that another one overtakes it.
 * `holdNext(command, matches)` holds the next request of that command whose input `matches`.
 */
export function heldDynamo() {
  const storage = testStorage()
  const clients: AwsClients = createAwsClients(storage)
  const holds: {
    command: string
    matches: (input: Record<string, unknown>) => boolean
    gate: Promise<void>
    reached: () => void
  }[] = []
  clients.dynamo.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as Record<string, unknown>
      const at = holds.findIndex((h) => h.command === context.commandName && h.matches(input))
      if (at >= 0) {
        const [hold] = holds.splice(at, 1)
        hold?.reached()
        await hold?.gate
      }
      return next(args)
    },
    { step: 'initialize', name: 'holdRequests' },
  )
  return {
    storage,
    clients,
    holdNext(
      command: string,
      matches: (input: Record<string, unknown>) => boolean = () => true,
    ): HeldRequest {
      const gate = signal()
      const reached = signal()
      holds.push({ command, matches, gate: gate.promise, reached: reached.fire })
      return { reached: reached.promise, release: gate.fire }
    },
    destroy() {
      clients.dynamo.destroy()
      clients.s3.destroy()
    },
  }
}
