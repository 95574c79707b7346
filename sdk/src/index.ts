export { Admin, type TopicConfig, type TopicMetadata, type TopicPartitionOffsets } from './admin.js'
export { Sluice, type SluiceOptions } from './client.js'
export type { Command, ExecuteOptions, Executor } from './command.js'
export * from './commands/fetch-many.js'
export * from './commands/groups.js'
export { offsetsForTimestamp, type PartitionOffset } from './commands/offsets.js'
export {
  type FetchInput,
  type FetchResult,
  fetchRecords,
  type ProduceBody,
  type ProducedRecord,
  type ProduceInput,
  produceRecords,
  type WireRecord,
} from './commands/records.js'
export * from './commands/subscriptions.js'
export {
  type AlterTopicInput,
  alterTopic,
  type CreateTopicInput,
  createTopic,
  deleteTopic,
  describeTopic,
  listTopics,
} from './commands/topics.js'
export * from './commands/transactions.js'
export { Consumer } from './consumer/consumer.js'
export type { ConsumerEvents, FencedEvent, RebalanceEvent, RevokeReason } from './consumer/events.js'
export type * from './consumer/options.js'
export type * from './delivery-types.js'
export {
  AlreadyCommittedError,
  AuthError,
  type ErrorContext,
  FencedError,
  GroupActiveError,
  GroupNotFoundError,
  IdempotencyKeyReusedError,
  InternalError,
  InvalidRequestError,
  LeaseHeldError,
  MethodNotAllowedError,
  NetworkError,
  NotFoundError,
  OffsetOutOfRangeError,
  PayloadTooLargeError,
  ProducerClosedError,
  RecordTooLargeError,
  type SignatureFailure,
  SignatureVerificationError,
  SluiceError,
  type SluiceErrorOptions,
  SubscriptionExistsError,
  SubscriptionNotFoundError,
  ThrottledError,
  TimeoutError,
  TopicExistsError,
  TopicNotFoundError,
  UnavailableError,
} from './errors.js'
export { murmur2, partitionForKey } from './partitioner.js'
export { Producer, type ProducerOptions, type ProducerRecord } from './producer.js'
export type { RetryOptions, RetryPolicy } from './retry-options.js'
export {
  DEFAULT_SIGNATURE_TOLERANCE_MS,
  SIGNATURE_HEADER,
  type VerifySignatureOptions,
  verifySignature,
} from './signature.js'
export type * from './subscription-types.js'
export type { HttpMethod, Transport, TransportRequest, TransportResponse } from './transport.js'
export { HttpTransport, type HttpTransportOptions } from './transport.js'
export type * from './types.js'

export const VERSION = '0.1.0'
