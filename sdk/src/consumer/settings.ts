import { defaultMemberId, randomHex } from '../ids.js'
import { validateName } from '../validate.js'
import type { ConsumerLogger, ConsumerOptions } from './options.js'

/** A consumer's options, checked and with their defaults filled in. */
export interface ConsumerSettings {
  group: string
  memberId: string
  /** This consumer's process of the member: a restarted member's leases fence its earlier process. */
  incarnation: string
  sessionMs: number
  leaseMs: number
  maxWaitMs: number
  idlePollMs: number
  maxRecordsPerPartition: number
  logger: ConsumerLogger
}

export function consumerSettings(options: ConsumerOptions): ConsumerSettings {
  validateName(options.groupId, 'group')
  const memberId = options.memberId ?? defaultMemberId()
  validateName(memberId, 'member')
  const leaseMs = options.leaseMs ?? 10_000
  return {
    group: options.groupId,
    memberId,
    incarnation: randomHex(16),
    leaseMs,
    sessionMs: options.sessionMs ?? leaseMs,
    maxWaitMs: options.maxWaitMs ?? 5_000,
    idlePollMs: options.idlePollMs ?? 1_000,
    maxRecordsPerPartition: options.maxRecordsPerPartition ?? 1_000,
    logger: options.logger ?? console,
  }
}
