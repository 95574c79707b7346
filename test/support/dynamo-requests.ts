import { type AwsClients, createAwsClients } from '../../functions/storage/clients.js'
import type { StorageConfig } from '../../functions/storage/config.js'
import { testStorage } from './service.js'

/** The DynamoDB requests that read or write items, the ones DynamoDB bills by capacity unit. */
const BILLED = new Set([
  'GetItemCommand',
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'QueryCommand',
  'ScanCommand',
  'BatchGetItemCommand',
  'BatchWriteItemCommand',
  'TransactGetItemsCommand',
  'TransactWriteItemsCommand',
])

const WRITES = new Set([
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'BatchWriteItemCommand',
  'TransactWriteItemsCommand',
])

export interface BilledRequest {
  command: string
  /** Capacity units DynamoDB reported for the request (ReturnConsumedCapacity: TOTAL). */
  readUnits: number
  writeUnits: number
}

type Capacity = { ReadCapacityUnits?: number; WriteCapacityUnits?: number; CapacityUnits?: number }

/**
 * AWS clients whose DynamoDB requests are recorded with the capacity DynamoDB reports for each: what
 * a request costs, measured on the real client the service uses (through an SDK middleware).
 */
export function countingClients(storage: StorageConfig = testStorage()) {
  const clients: AwsClients = createAwsClients(storage)
  const requests: BilledRequest[] = []
  clients.dynamo.middlewareStack.add(
    (next, context) => async (args) => {
      const command = context.commandName ?? ''
      if (!BILLED.has(command)) return next(args)
      const input = args.input as { ReturnConsumedCapacity?: string }
      input.ReturnConsumedCapacity = 'TOTAL'
      const result = await next(args)
      const consumed = (result.output as { ConsumedCapacity?: Capacity | Capacity[] }).ConsumedCapacity
      const all = consumed === undefined ? [] : Array.isArray(consumed) ? consumed : [consumed]
      const units = (c: Capacity, kind: 'read' | 'write') =>
        (kind === 'read' ? c.ReadCapacityUnits : c.WriteCapacityUnits) ??
        ((kind === 'write') === WRITES.has(command) ? (c.CapacityUnits ?? 0) : 0)
      requests.push({
        command: command.replace(/Command$/, ''),
        readUnits: all.reduce((sum, c) => sum + units(c, 'read'), 0),
        writeUnits: all.reduce((sum, c) => sum + units(c, 'write'), 0),
      })
      return result
    },
    { step: 'initialize', name: 'countBilledRequests' },
  )
  return {
    storage,
    clients,
    /** Forgets what was recorded so far. */
    reset() {
      requests.length = 0
    },
    /** The requests since the last reset, in the order they were sent back. */
    get requests(): readonly BilledRequest[] {
      return [...requests]
    },
    get writes(): readonly BilledRequest[] {
      return requests.filter((r) => WRITES.has(`${r.command}Command`))
    },
    destroy() {
      clients.dynamo.destroy()
      clients.s3.destroy()
    },
  }
}
