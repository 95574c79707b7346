/**
 * The SDK's wire types against the OpenAPI document's, at compile time (`npm run typecheck`; vitest
 * does not run this file): for every operation the SDK calls (./sdk-operations.ts pairs them), what
 * the SDK sends is what the operation takes, and what the operation answers is what the SDK reads.
 * Where the two are meant to be one shape they must be the same both ways, field for field (`Shape`);
 * where the SDK deliberately differs, the difference is spelled out here, with why.
 */
import { expectTypeOf } from 'vitest'
import type { Command } from '../../sdk/src/command.js'
import type { fetchRecords } from '../../sdk/src/commands/records.js'
import type { operations } from './openapi-types.js'
import type { OPERATION_OF, SDK_COMMANDS, SdkCommandName } from './sdk-operations.js'

/**
 * The type as plain objects and arrays, for comparing with `toEqualTypeOf`: an intersection becomes
 * the one object it stands for (which `toEqualTypeOf` alone tells apart), while optional fields, null
 * and index signatures stay as they are.
 */
type Shape<T> = T extends readonly (infer E)[]
  ? Shape<E>[]
  : T extends object
    ? { [K in keyof T]: Shape<T[K]> }
    : T

type Operation<C extends SdkCommandName> = operations[(typeof OPERATION_OF)[C]]

type JsonOf<T> = T extends { content: { 'application/json': infer Body } } ? Body : never

/** The JSON body the operation the command calls takes. */
type Takes<C extends SdkCommandName> = Shape<JsonOf<Operation<C>['requestBody']>>

/** The JSON body the operation the command calls answers with `status`. */
type Answers<C extends SdkCommandName, Status extends keyof Operation<C>['responses']> = Shape<
  JsonOf<Operation<C>['responses'][Status]>
>

/** The query parameters of the operation the command calls. */
type QueryOf<C extends SdkCommandName> = NonNullable<Operation<C>['parameters']['query']>

/** The header parameters of the operation the command calls. */
type HeadersOf<C extends SdkCommandName> = NonNullable<Operation<C>['parameters']['header']>

type Command_<C extends SdkCommandName> = (typeof SDK_COMMANDS)[C]

/** What the SDK's command hands its caller, parsed out of the answer. */
type Result<C extends SdkCommandName> = Shape<ReturnType<Command_<C>> extends Command<infer R> ? R : never>

/** The command's arguments. */
type Args<C extends SdkCommandName> = Parameters<Command_<C>>

// Topics

expectTypeOf<Shape<Args<'createTopic'>[0]>>().toEqualTypeOf<Takes<'createTopic'>>()
expectTypeOf<Result<'createTopic'>>().toEqualTypeOf<Answers<'createTopic', 201>>()

expectTypeOf<Result<'listTopics'>>().toEqualTypeOf<Answers<'listTopics', 200>['topics']>()

expectTypeOf<Result<'describeTopic'>>().toEqualTypeOf<Answers<'describeTopic', 200>>()

expectTypeOf<Shape<Args<'alterTopic'>[1]>>().toEqualTypeOf<Takes<'alterTopic'>>()
expectTypeOf<Result<'alterTopic'>>().toEqualTypeOf<Answers<'alterTopic', 200>>()

expectTypeOf<Answers<'deleteTopic', 204>>().toBeNever()
expectTypeOf<Result<'deleteTopic'>>().toBeVoid()

// Records

expectTypeOf<Shape<Args<'produceRecords'>[0]['body']>>().toEqualTypeOf<Takes<'produceRecords'>>()
expectTypeOf<keyof HeadersOf<'produceRecords'>>().toEqualTypeOf<'Idempotency-Key'>()
expectTypeOf<Result<'produceRecords'>>().toEqualTypeOf<Answers<'produceRecords', 200>['records']>()

expectTypeOf<Shape<Omit<Args<'fetchRecords'>[0], 'topic' | 'partition'>>>().toEqualTypeOf<
  Shape<QueryOf<'fetchRecords'>>
>()
// Keys and values as the wire has them (utf8): with `encoding: 'base64'` the SDK decodes them to bytes.
type FetchUtf8Result = ReturnType<typeof fetchRecords<'utf8'>> extends Command<infer R> ? Shape<R> : never
expectTypeOf<FetchUtf8Result>().toEqualTypeOf<Answers<'fetchRecords', 200>>()

expectTypeOf<Shape<Args<'fetchMany'>[0]>>().toEqualTypeOf<Takes<'fetchMany'>>()
// A partition's error is any error to the SDK (`code: string`), so that a code added later still parses.
expectTypeOf<Answers<'fetchMany', 200>['partitions']>().toExtend<Result<'fetchMany'>>()

// Offsets at a time: the SDK always sends the timestamp the document lets a request leave out, so of
// the two shapes the document gives the answer (start and end offsets without one), it reads the one
// with `offset`.
expectTypeOf<Shape<{ timestamp: Args<'offsetsForTimestamp'>[1] }>>().toEqualTypeOf<
  Shape<Required<QueryOf<'offsetsForTimestamp'>>>
>()
expectTypeOf<Result<'offsetsForTimestamp'>>().toEqualTypeOf<
  Extract<Answers<'offsetsForTimestamp', 200>['offsets'], { offset: number }[]>
>()

// Consumer groups

expectTypeOf<Shape<Omit<Args<'joinGroup'>[0], 'group' | 'memberId'>>>().toEqualTypeOf<Takes<'joinGroup'>>()
expectTypeOf<Result<'joinGroup'>>().toEqualTypeOf<Answers<'joinGroup', 200>['members']>()

expectTypeOf<Answers<'leaveGroup', 204>>().toBeNever()
expectTypeOf<Result<'leaveGroup'>>().toBeVoid()

// The SDK always sends the leases its member holds, which the document lets a request leave out.
expectTypeOf<Shape<Omit<Args<'heartbeat'>[0], 'group' | 'memberId'>>>().toEqualTypeOf<
  Shape<Omit<Takes<'heartbeat'>, 'leases'> & Required<Pick<Takes<'heartbeat'>, 'leases'>>>
>()
expectTypeOf<Result<'heartbeat'>>().toEqualTypeOf<Answers<'heartbeat', 200>>()

expectTypeOf<Shape<Omit<Args<'acquireLease'>[0], 'group' | 'topic' | 'partition'>>>().toEqualTypeOf<
  Takes<'acquireLease'>
>()
expectTypeOf<Result<'acquireLease'>>().toEqualTypeOf<Answers<'acquireLease', 200>>()

expectTypeOf<Shape<Pick<Args<'releaseLease'>[0], 'memberId' | 'epoch'>>>().toEqualTypeOf<
  Shape<QueryOf<'releaseLease'>>
>()
expectTypeOf<Answers<'releaseLease', 204>>().toBeNever()
expectTypeOf<Result<'releaseLease'>>().toBeVoid()

expectTypeOf<Shape<Omit<Args<'commitGroupOffsets'>[0], 'group'>>>().toEqualTypeOf<
  Takes<'commitGroupOffsets'>
>()
expectTypeOf<Result<'commitGroupOffsets'>>().toEqualTypeOf<Answers<'commitGroupOffsets', 200>['offsets']>()

expectTypeOf<Shape<{ topic?: Args<'readGroupOffsets'>[1] }>>().toEqualTypeOf<
  Shape<QueryOf<'readGroupOffsets'>>
>()
expectTypeOf<Result<'readGroupOffsets'>>().toEqualTypeOf<Answers<'readGroupOffsets', 200>['offsets']>()

expectTypeOf<Shape<Args<'resetGroupOffsets'>[2]>>().toEqualTypeOf<Takes<'resetGroupOffsets'>>()
expectTypeOf<Result<'resetGroupOffsets'>>().toEqualTypeOf<Answers<'resetGroupOffsets', 200>['offsets']>()

expectTypeOf<Result<'listGroups'>>().toEqualTypeOf<Answers<'listGroups', 200>['groups']>()

expectTypeOf<Result<'describeGroup'>>().toEqualTypeOf<Answers<'describeGroup', 200>>()

expectTypeOf<Answers<'deleteGroup', 204>>().toBeNever()
expectTypeOf<Result<'deleteGroup'>>().toBeVoid()

// Transactions

expectTypeOf<Shape<Args<'runTransaction'>[0]>>().toEqualTypeOf<Takes<'runTransaction'>>()
expectTypeOf<keyof HeadersOf<'runTransaction'>>().toEqualTypeOf<'Idempotency-Key'>()
expectTypeOf<Result<'runTransaction'>>().toEqualTypeOf<Answers<'runTransaction', 200>>()
