import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { DOCUMENT_FILE } from '../../functions/app/openapi/write.js'
import type { Command } from '../../sdk/src/command.js'
import { OPERATION_OF, SDK_COMMANDS, type SdkCommandName } from './sdk-operations.js'

/**
 * Each SDK command makes a request of the operation ./sdk-operations.ts pairs it with: the one whose
 * method and path the request has, naming only parameters the operation names. (The pairs are what
 * sdk-wire-types.test-d.ts compares types by.)
 */

interface Parameter {
  name: string
  in: 'path' | 'query' | 'header'
}

interface DocumentedOperation {
  operationId: string
  method: string
  pattern: RegExp
  parameters: Parameter[]
}

const document = JSON.parse(readFileSync(DOCUMENT_FILE, 'utf8')) as {
  paths: Record<string, Record<string, { operationId: string; parameters?: Parameter[] }>>
}

const documented: DocumentedOperation[] = Object.entries(document.paths).flatMap(([path, item]) =>
  Object.entries(item).map(([method, operation]) => ({
    operationId: operation.operationId,
    method: method.toUpperCase(),
    pattern: new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/]+')}$`),
    parameters: operation.parameters ?? [],
  })),
)

const c = SDK_COMMANDS
const topics = ['orders']
const group = 'payments'
const memberId = 'member-1'

/** One request of each command, every optional part that reaches the wire given. */
const SAMPLES: { [C in SdkCommandName]: Command<unknown> } = {
  createTopic: c.createTopic({ name: 'orders', partitions: 3, retentionMs: -1 }),
  listTopics: c.listTopics(),
  describeTopic: c.describeTopic('orders'),
  alterTopic: c.alterTopic('orders', { partitions: 4, retentionMs: 60_000 }),
  deleteTopic: c.deleteTopic('orders'),
  produceRecords: c.produceRecords({
    topic: 'orders',
    body: { records: [{ key: 'k', value: 'v' }], encoding: 'utf8' },
    idempotencyKey: 'batch-1',
  }),
  fetchRecords: c.fetchRecords({
    topic: 'orders',
    partition: 1,
    offset: 5,
    limit: 10,
    maxBytes: 1024,
    waitMs: 100,
    encoding: 'base64',
  }),
  fetchMany: c.fetchMany({ partitions: [{ topic: 'orders', partition: 0 }] }),
  offsetsForTimestamp: c.offsetsForTimestamp('orders', 1_767_225_600_000),
  joinGroup: c.joinGroup({ group, memberId, topics, sessionMs: 10_000 }),
  leaveGroup: c.leaveGroup(group, memberId),
  heartbeat: c.heartbeat({ group, memberId, topics, leases: [] }),
  acquireLease: c.acquireLease({ group, topic: 'orders', partition: 2, memberId, incarnation: 'p1' }),
  releaseLease: c.releaseLease({ group, topic: 'orders', partition: 2, memberId, epoch: 3 }),
  commitGroupOffsets: c.commitGroupOffsets({
    group,
    topic: 'orders',
    offsets: [{ partition: 0, offset: 1 }],
  }),
  readGroupOffsets: c.readGroupOffsets(group, 'orders'),
  resetGroupOffsets: c.resetGroupOffsets(group, 'orders', { to: 'earliest' }),
  listGroups: c.listGroups(),
  describeGroup: c.describeGroup(group),
  deleteGroup: c.deleteGroup(group),
  runTransaction: c.runTransaction({ produce: [] }, 'txn-1'),
}

describe('each SDK command', () => {
  it.each(Object.entries(SAMPLES) as [SdkCommandName, Command<unknown>][])(
    '%s calls the operation it is paired with, with parameters the operation names',
    (name, { request }) => {
      const matches = documented.filter(
        (operation) => operation.method === request.method && operation.pattern.test(request.path),
      )
      expect(
        matches.map((operation) => operation.operationId),
        `${request.method} ${request.path}`,
      ).toEqual([OPERATION_OF[name]])
      const [operation] = matches as [DocumentedOperation]
      const named = (where: Parameter['in']) =>
        operation.parameters.filter((p) => p.in === where).map((p) => p.name.toLowerCase())
      const query = Object.entries(request.query ?? {}).filter(([, value]) => value !== undefined)
      for (const [key] of query) expect(named('query'), `query parameter ${key}`).toContain(key.toLowerCase())
      for (const key of Object.keys(request.headers ?? {})) {
        expect(named('header'), `header ${key}`).toContain(key.toLowerCase())
      }
    },
  )
})
