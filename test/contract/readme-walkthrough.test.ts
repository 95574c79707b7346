import { readFileSync } from 'node:fs'
import createClient, { type Client } from 'openapi-fetch'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DOCUMENT_FILE } from '../../functions/app/openapi/write.js'
import type { RunningService } from '../../functions/local/serve.js'
import { checkAnswer } from '../support/contract.js'
import { startTestService } from '../support/service.js'
import type { operations, paths } from './openapi-types.js'
import { ANY, type CurlStep, curlStep, MORE, readmeCurlSteps } from './readme-curl.js'

/**
 * README.md's tour of the HTTP API, run as a user of a client generated from the OpenAPI document
 * would run it: each curl command, read out of the README, is a call of openapi-fetch typed by the
 * generated `paths`, in the README's order against a service of the test's own. Each answer is what
 * the README shows where it shows one, and otherwise what the steps before it imply (docs/api.md): a
 * fetch answers the records produced, a topic's offsets count them.
 */

// biome-ignore lint/suspicious/noExplicitAny: OpenAPI objects are open JSON
type Json = Record<string, any>

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
const DOCUMENT: Json = JSON.parse(readFileSync(DOCUMENT_FILE, 'utf8'))

type Params<Id extends keyof operations> = operations[Id]['parameters']
type Body<Id extends keyof operations> = NonNullable<
  operations[Id]['requestBody']
>['content']['application/json']

/** A README command as a request of the operation it names, its parameters typed as the document types them. */
interface TypedRequest {
  operationId: keyof operations
  /** Its parameters by name, where they go. */
  path: Json
  query: Json
  header: Json
  body: unknown
  /** The status the operation answers on success. */
  success: number
}

interface Answered {
  data?: unknown
  response: Response
}

/** The parameters as openapi-fetch takes them. */
const paramsOf = ({ path, query, header }: TypedRequest): object => ({ path, query, header })

type Call = (client: Client<paths>, request: TypedRequest) => Promise<Answered>

/**
 * The typed call of each operation the README's commands may make. A command of any other operation
 * fails the test, naming the command: map it here.
 */
const CALLS: Partial<Record<keyof operations, Call>> = {
  createTopic: (client, request) => client.POST('/v1/topics', { body: request.body as Body<'createTopic'> }),
  produce: (client, request) =>
    client.POST('/v1/topics/{topic}/records', {
      params: paramsOf(request) as Params<'produce'>,
      body: request.body as Body<'produce'>,
    }),
  fetch: (client, request) =>
    client.GET('/v1/topics/{topic}/partitions/{partition}/records', {
      params: paramsOf(request) as Params<'fetch'>,
    }),
  describeTopic: (client, request) =>
    client.GET('/v1/topics/{topic}', { params: paramsOf(request) as Params<'describeTopic'> }),
  topicOffsets: (client, request) =>
    client.GET('/v1/topics/{topic}/offsets', { params: paramsOf(request) as Params<'topicOffsets'> }),
}

/** The step as a request of the documented operation it names; throws, naming the command, if none. */
function requestOf(step: CurlStep): TypedRequest {
  const fail = (why: string) => new Error(`README.md: ${why}: ${step.line}`)
  const match = Object.entries(DOCUMENT.paths as Json).flatMap(([template, item]) => {
    const segments = new RegExp(`^${template.replace(/\{[^}]+\}/g, '([^/]+)')}$`).exec(step.path)
    const operation = item[step.method.toLowerCase()]
    return segments && operation ? [{ template, operation, values: segments.slice(1) }] : []
  })[0]
  if (!match) throw fail('no operation of the OpenAPI document serves this command')
  const { operationId, parameters = [], responses } = match.operation as Json
  if (!(operationId in CALLS)) throw fail(`no typed call is mapped for operation ${operationId}`)
  const documented = (where: string, name: string) =>
    (parameters as Json[]).find((p) => p.in === where && p.name.toLowerCase() === name.toLowerCase())
  const params = { path: {} as Json, query: {} as Json, header: {} as Json }
  const names = [...match.template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] as string)
  names.forEach((name, i) => {
    params.path[name] = typedValue(decodeURIComponent(match.values[i] as string), documented('path', name))
  })
  for (const [name, text] of step.query) {
    const parameter = documented('query', name)
    if (!parameter) throw fail(`query parameter ${name} is not one ${operationId} names`)
    params.query[name] = typedValue(text, parameter)
  }
  for (const [name, text] of Object.entries(step.headers)) {
    const parameter = documented('header', name)
    if (!parameter) throw fail(`header ${name} is not one ${operationId} names`)
    params.header[parameter.name] = text
  }
  const success = Number(Object.keys(responses).find((status) => status.startsWith('2')))
  return { operationId, ...params, body: step.body, success }
}

/** A parameter's text as the value the document types it: `2` is the integer 2 where it may be one. */
function typedValue(text: string, parameter: Json | undefined): unknown {
  const schema = parameter?.schema ?? {}
  const integer = [schema, ...(schema.anyOf ?? [])].some((s: Json) => s.type === 'integer')
  return integer && /^\d+$/.test(text) ? Number(text) : text
}

/** openapi-fetch's fetch, each answer held to the OpenAPI document as the API tests hold theirs. */
async function checkedFetch(request: Request): Promise<Response> {
  const body = await request.clone().text()
  const response = await fetch(request)
  const text = await response.text()
  checkAnswer(
    request.method,
    request.url,
    { status: response.status, headers: response.headers, text },
    {
      headers: request.headers,
      ...(body === '' ? {} : { body }),
    },
  )
  return new Response(text === '' ? null : text, { status: response.status, headers: response.headers })
}

/** What the README's commands appended, as each produce answered. */
interface Appended {
  partition: number
  offset: number
  timestamp: number
  key: string | null
  value: string | null
}

describe("README.md's tour of the HTTP API, through a client generated from the OpenAPI document", () => {
  let service: RunningService
  let client: Client<paths>

  beforeAll(async () => {
    service = await startTestService()
    client = createClient<paths>({ baseUrl: service.url, fetch: checkedFetch })
  })
  afterAll(() => service?.stop())

  it('fails naming a command it has no typed call for', () => {
    const line = 'curl -s localhost:4100/v1/groups'
    expect(() => requestOf(curlStep(line))).toThrow(
      `no typed call is mapped for operation listGroups: ${line}`,
    )
  })

  it('answers each step as the README says', async () => {
    const steps = readmeCurlSteps(README)
    expect(steps.length).toBeGreaterThan(0)
    let topic: Json = {}
    const log: Appended[] = []
    const inPartition = (partition: number) => log.filter((record) => record.partition === partition)
    const endOffset = (partition: number) => inPartition(partition).length
    const partitions = () => Array.from({ length: topic.partitions }, (_, partition) => partition)

    const send = (request: TypedRequest) => (CALLS[request.operationId] as Call)(client, request)

    /** Checks the step's answer against the README and the steps before it. */
    const check = async (step: CurlStep, request: TypedRequest, { data, response }: Answered) => {
      expect(response.status, step.line).toBe(request.success)
      if (step.shown !== undefined) expectShown(data, step.shown, step.line)
      const { path, query } = request
      switch (request.operationId) {
        case 'createTopic':
          expect(data, step.line).toMatchObject(request.body as Json)
          topic = data as Json
          break
        case 'produce': {
          const { records } = data as { records: Omit<Appended, 'key' | 'value'>[] }
          const sent = (request.body as { records: { key?: string | null; value: string | null }[] }).records
          expect(records, step.line).toHaveLength(sent.length)
          records.forEach((record, i) => {
            const { key = null, value } = sent[i] as (typeof sent)[number]
            // The same key always lands on the same partition.
            const sameKey = log.find((appended) => key !== null && appended.key === key)
            if (sameKey) expect(record.partition, step.line).toBe(sameKey.partition)
            expect(record.offset, step.line).toBe(endOffset(record.partition))
            log.push({ ...record, key, value })
          })
          // The README: sent again with the same Idempotency-Key, it answers the same and appends
          // nothing (the steps after it count the records).
          if (request.header['Idempotency-Key'] !== undefined) {
            expect((await send(request)).data, `${step.line} (sent again)`).toEqual(data)
          }
          break
        }
        case 'fetch': {
          const partition = path.partition as number
          const from =
            typeof query.offset === 'number'
              ? query.offset
              : query.offset === 'latest'
                ? endOffset(partition)
                : 0
          const expected = inPartition(partition).filter((record) => record.offset >= from)
          expect(data, step.line).toEqual({
            records: expected.map(({ offset, timestamp, key, value }) => ({
              offset,
              timestamp,
              key,
              value,
              headers: {},
            })),
            nextOffset: from + expected.length,
            startOffset: 0,
            endOffset: endOffset(partition),
          })
          break
        }
        case 'describeTopic':
          expect(data, step.line).toEqual({
            ...topic,
            offsets: partitions().map((partition) => ({
              partition,
              startOffset: 0,
              endOffset: endOffset(partition),
            })),
          })
          break
        case 'topicOffsets': {
          // Per partition, the first offset at or after the timestamp; its end where none is.
          const at = (partition: number) =>
            inPartition(partition).find((record) => record.timestamp >= query.timestamp)?.offset ??
            endOffset(partition)
          expect(data, step.line).toEqual({
            offsets: partitions().map((partition) => ({ partition, offset: at(partition) })),
          })
          break
        }
      }
    }

    // A command in the background (`&`, the long-poll) waits while the next one runs, as in the shell;
    // its answer is checked once that one's is, against the records it appended.
    let background: { step: CurlStep; request: TypedRequest; answered: Promise<Answered> }[] = []
    for (const step of steps) {
      const request = requestOf(step)
      const answered = send(request)
      if (step.background) {
        background.push({ step, request, answered })
        continue
      }
      await check(step, request, await answered)
      for (const waiting of background) await check(waiting.step, waiting.request, await waiting.answered)
      background = []
    }
    for (const waiting of background) await check(waiting.step, waiting.request, await waiting.answered)
  })

  it('serves GET /openapi.json as docs/openapi.json holds it', async () => {
    const { data, response } = await client.GET('/openapi.json')
    expect(response.status).toBe(200)
    expect(data).toEqual(DOCUMENT)
  })
})

/** The answer is what the README shows: `ANY` stands for any value, `MORE` for fields or items left out. */
function expectShown(actual: unknown, shown: unknown, where: string): void {
  if (shown === ANY) {
    expect(actual, where).toBeDefined()
  } else if (Array.isArray(shown)) {
    const items = shown.at(-1) === MORE ? shown.slice(0, -1) : shown
    expect(Array.isArray(actual), where).toBe(true)
    const list = actual as unknown[]
    if (items.length === shown.length) expect(list, where).toHaveLength(items.length)
    else expect(list.length, where).toBeGreaterThanOrEqual(items.length)
    items.forEach((item, i) => {
      expectShown(list[i], item, `${where} [${i}]`)
    })
  } else if (shown !== null && typeof shown === 'object') {
    const fields = Object.keys(shown)
    expect(actual, where).toBeTypeOf('object')
    const object = actual as Json
    if (!(MORE in shown)) expect(Object.keys(object).sort(), where).toEqual([...fields].sort())
    for (const field of fields) expectShown(object[field], (shown as Json)[field], `${where} .${field}`)
  } else {
    expect(actual, where).toEqual(shown)
  }
}
