import * as fetchMany from '../../sdk/src/commands/fetch-many.js'
import * as groups from '../../sdk/src/commands/groups.js'
import * as offsets from '../../sdk/src/commands/offsets.js'
import * as records from '../../sdk/src/commands/records.js'
import * as topics from '../../sdk/src/commands/topics.js'
import * as transactions from '../../sdk/src/commands/transactions.js'
import type { operations } from './openapi-types.js'

/** Every command of the SDK (sdk/src/commands: one per request the SDK makes), by name. */
export const SDK_COMMANDS = { ...fetchMany, ...groups, ...offsets, ...records, ...topics, ...transactions }

export type SdkCommandName = keyof typeof SDK_COMMANDS

/**
 * The operation of the OpenAPI document each SDK command calls. A command added to the SDK fails to
 * compile here until it names its operation; sdk-operations.test.ts checks each pair by the request
 * the command makes, and sdk-wire-types.test-d.ts the command's types against the operation's.
 */
export const OPERATION_OF = {
  createTopic: 'createTopic',
  listTopics: 'listTopics',
  describeTopic: 'describeTopic',
  alterTopic: 'updateTopic',
  deleteTopic: 'deleteTopic',
  produceRecords: 'produce',
  fetchRecords: 'fetch',
  fetchMany: 'fetchMany',
  offsetsForTimestamp: 'topicOffsets',
  joinGroup: 'joinGroup',
  leaveGroup: 'leaveGroup',
  heartbeat: 'heartbeat',
  acquireLease: 'takeLease',
  releaseLease: 'releaseLease',
  commitGroupOffsets: 'commitOffsets',
  readGroupOffsets: 'groupOffsets',
  resetGroupOffsets: 'resetOffsets',
  listGroups: 'listGroups',
  describeGroup: 'describeGroup',
  deleteGroup: 'deleteGroup',
  runTransaction: 'transaction',
} as const satisfies Record<SdkCommandName, keyof operations>
