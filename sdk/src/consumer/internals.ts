/**
 * The SDK's way in to a consumer's internals, which its public type does not show: each consumer's
 * leases, for `sluice.transaction()` to commit under. Not exported from the package.
 */
import { InvalidRequestError } from '../errors.js'
import type { Consumer } from './consumer.js'
import type { PartitionLeases } from './leases.js'

const leasesByConsumer = new WeakMap<Consumer, PartitionLeases>()

export function attachLeases(consumer: Consumer, leases: PartitionLeases): void {
  leasesByConsumer.set(consumer, leases)
}

export function leasesOf(consumer: Consumer): PartitionLeases {
  const leases = leasesByConsumer.get(consumer)
  if (leases === undefined) {
    throw new InvalidRequestError('not a consumer of this SDK: make it with sluice.consumer()', {
      code: 'INVALID_REQUEST',
    })
  }
  return leases
}
