import * as z from 'zod/mini'
import { type ErrorCode, SluiceError } from '../../errors.js'
import { idempotencyKey } from '../schemas.js'
import { ERROR_CODES, errorBody } from './answers.js'
import { componentSchemas, contract } from './contract.js'
import { OPERATIONS, type Operation, type Success, TAGS, V1_ERRORS } from './operations.js'
import { WEBHOOKS, type Webhook } from './webhooks.js'

// biome-ignore lint/suspicious/noExplicitAny: JSON Schema and OpenAPI objects are open JSON
type Json = Record<string, any>

const COMPONENT_SCHEMAS = '#/components/schemas/'
const COMPONENT_RESPONSES = '#/components/responses/'
const JSON_MEDIA = 'application/json'

/** The HTTP contract as an OpenAPI 3.1 document, generated from the schemas the routes parse with. */
export function openApiDocument(): Json {
  const responses: Json = {}
  const paths: Json = {}
  for (const operation of OPERATIONS) {
    paths[operation.path] ??= {}
    paths[operation.path][operation.method] = operationObject(operation, responses)
  }
  const webhooks = Object.fromEntries(
    Object.entries(WEBHOOKS).map(([name, webhook]) => [name, { post: webhookObject(webhook) }]),
  )
  const schemas = Object.fromEntries(
    [...componentSchemas()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([id, schema]) => [id, componentSchema(id, schema)]),
  )
  return {
    openapi: '3.1.0',
    info: {
      title: 'Sluice HTTP API',
      version: 'v1',
      description: INTRODUCTION,
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    // Relative: the paths are under the server that answered this document, local or deployed.
    servers: [{ url: '/', description: 'The server that serves this document.' }],
    security: [{ apiKey: [] }],
    tags: Object.entries(TAGS).map(([name, description]) => ({ name, description })),
    paths,
    webhooks,
    components: {
      schemas,
      responses: Object.fromEntries(Object.entries(responses).sort(([a], [b]) => (a < b ? -1 : 1))),
      securitySchemes: {
        apiKey: {
          type: 'http',
          scheme: 'bearer',
          description:
            '`Authorization: Bearer <api key>`. A deployed stack always needs one; the local server on loopback runs with auth off unless `SLUICE_AUTH=on`, and then needs none.',
        },
      },
    },
  }
}

const INTRODUCTION = `Kafka's model (topics, partitions, offsets, consumer groups, exactly-once transactions) as a serverless service. docs/api.md in the repository is this contract in prose; where it says more, it holds.

- Bodies are JSON (UTF-8). Unknown body fields are refused (400).
- Offsets and timestamps are JSON integers; timestamps are milliseconds since the epoch.
- Every error is \`{"error": {code, message, retriable, ...details}}\` (the \`Error\` schema). A refused request changes nothing.
- A path no route serves answers 404 \`NOT_FOUND\`; a path served with another method answers 405 \`METHOD_NOT_ALLOWED\`, its \`Allow\` header listing the methods it is served with.`

function operationObject(operation: Operation, responses: Json): Json {
  const parameters = [
    ...Object.entries(operation.params ?? {}).map(([name, param]) => ({
      name,
      in: 'path',
      required: true,
      description: param.description,
      schema: jsonSchema(param.schema, 'output'),
    })),
    ...queryParameters(operation.query),
    ...(operation.idempotent
      ? [parameter('Idempotency-Key', 'header', false, jsonSchema(idempotencyKey))]
      : []),
  ]
  checkPathParams(operation)
  return {
    operationId: operation.operationId,
    tags: [operation.tag],
    summary: operation.summary,
    ...(operation.description ? { description: operation.description } : {}),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(operation.body
      ? { requestBody: { required: true, content: { [JSON_MEDIA]: { schema: jsonSchema(operation.body) } } } }
      : {}),
    responses: {
      ...Object.fromEntries(
        Object.entries(operation.success).map(([status, success]) => [status, successResponse(success)]),
      ),
      ...errorResponses(operation, responses),
    },
    ...(operation.open ? { security: [] } : {}),
  }
}

/** A request the service sends to a target (a `webhooks` entry): its headers, body and the answers it takes. */
function webhookObject(webhook: Webhook): Json {
  return {
    operationId: webhook.operationId,
    tags: [webhook.tag],
    summary: webhook.summary,
    description: webhook.description,
    parameters: Object.entries(webhook.headers).map(([name, header]) =>
      parameter(name, 'header', true, { ...jsonSchema(header.schema), description: header.description }),
    ),
    requestBody: { required: true, content: { [JSON_MEDIA]: { schema: jsonSchema(webhook.body) } } },
    responses: {
      '2XX': {
        description: webhook.answerDescription,
        content: { [JSON_MEDIA]: { schema: jsonSchema(webhook.answer) } },
      },
      default: { description: webhook.failureDescription },
    },
    security: [],
  }
}

/** Every `{name}` of the path has a parameter, and every parameter a place in the path. */
function checkPathParams(operation: Operation) {
  const inPath = [...operation.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1])
  const declared = Object.keys(operation.params ?? {})
  if (inPath.join() !== declared.join()) {
    throw new Error(
      `${operation.operationId}: path parameters ${inPath.join()} but declared ${declared.join()}`,
    )
  }
}

/** A query object's fields as query parameters, each with its field's schema and description. */
function queryParameters(query: z.ZodMiniObject | undefined): Json[] {
  if (!query) return []
  const object = jsonSchema(query, 'output')
  const required = new Set<string>(object.required ?? [])
  return Object.entries(object.properties as Json).map(([name, schema]) =>
    parameter(name, 'query', required.has(name), schema),
  )
}

/** A header or query parameter, the description of its schema its own. */
function parameter(name: string, where: 'header' | 'query', required: boolean, schema: Json): Json {
  const { description, ...rest } = schema
  return { name, in: where, required, ...(description ? { description } : {}), schema: rest }
}

function successResponse(success: Success): Json {
  if (success.body) {
    return {
      description: success.description,
      content: { [JSON_MEDIA]: { schema: jsonSchema(success.body) } },
    }
  }
  if (success.media) {
    return { description: success.description, content: { [success.media]: { schema: { type: 'string' } } } }
  }
  return { description: success.description }
}

/**
 * The operation's errors by status, each a shared response (`#/components/responses/...`) whose body is
 * the Error schema with `code` narrowed to the codes that status may carry here.
 */
function errorResponses(operation: Operation, responses: Json): Json {
  const codes = [...(operation.open ? [] : V1_ERRORS), ...(operation.errors ?? [])]
  const byStatus = new Map<number, ErrorCode[]>()
  for (const code of codes) {
    const status = new SluiceError(code, '').status
    byStatus.set(status, [...(byStatus.get(status) ?? []), code])
  }
  const refs: Json = {}
  for (const [status, statusCodes] of [...byStatus].sort(([a], [b]) => a - b)) {
    const outcomeUnknown = status === 503 && operation.idempotent === true
    const name = responseName(statusCodes, outcomeUnknown)
    responses[name] ??= errorResponse(statusCodes, outcomeUnknown)
    refs[status] = { $ref: `${COMPONENT_RESPONSES}${name}` }
  }
  return refs
}

const responseName = (codes: readonly ErrorCode[], outcomeUnknown: boolean) =>
  codes
    .map((code) => code.toLowerCase().replace(/(^|_)([a-z])/g, (_, __, c: string) => c.toUpperCase()))
    .join('Or') + (outcomeUnknown ? 'OutcomeUnknown' : '')

function errorResponse(codes: readonly ErrorCode[], outcomeUnknown: boolean): Json {
  const lines = codes.map((code) => `\`${code}\`: ${ERROR_CODES[code]}`)
  if (outcomeUnknown) {
    lines.push(
      'A write whose answer was lost and whose outcome storage could then not tell carries `outcome: "unknown"` (and `partial: true` where some of its partitions are known to have landed): the records may or may not have been appended, and a retry with the same `Idempotency-Key` settles it. Without `outcome`, it changed nothing.',
    )
  }
  // The Error schema, and of it only these codes. (Not a zod intersection: that would add code to the
  // cold start, the part of zod it needs being in a module the routes load.)
  const codeIn = z.object({ error: z.object({ code: z.enum(codes as [ErrorCode, ...ErrorCode[]]) }) })
  const schema = { allOf: [jsonSchema(errorBody), jsonSchema(codeIn)] }
  return { description: lines.join('\n\n'), content: { [JSON_MEDIA]: { schema } } }
}

/**
 * The schema as JSON Schema (draft 2020-12, OpenAPI 3.1's dialect). A body's is what a request may
 * send (`io: 'input'`); a path or query parameter's is the value its text stands for (`io: 'output'`:
 * `?limit=10` is the integer 10, which OpenAPI's default `form` style writes as that text), so that a
 * client generated from the document takes integers where docs/api.md says integers, with their bounds.
 * A named component, the schema itself included, is a reference to `#/components/schemas/<id>`, where
 * the document holds it once.
 */
function jsonSchema(schema: z.ZodMiniType, io: 'input' | 'output' = 'input'): Json {
  const { $defs, ...json } = converted(schema, io)
  for (const id of Object.keys($defs ?? {})) {
    if (!componentSchemas().has(id)) throw new Error(`the JSON Schema defines "${id}", which is no component`)
  }
  return json
}

/** The named component's own JSON Schema, for `#/components/schemas/<id>`. */
function componentSchema(id: string, schema: z.ZodMiniType): Json {
  return converted(schema).$defs[id]
}

function converted(schema: z.ZodMiniType, io: 'input' | 'output' = 'input'): Json {
  const { $schema, ...json } = z.toJSONSchema(schema, {
    metadata: contract,
    io,
    override: ({ jsonSchema: json }) => {
      // Every JSON integer here is a safe one; saying so on each would bury the bounds that matter.
      if (json.maximum === Number.MAX_SAFE_INTEGER) delete json.maximum
      if (json.minimum === Number.MIN_SAFE_INTEGER) delete json.minimum
    },
  })
  return JSON.parse(JSON.stringify(json).replaceAll('"#/$defs/', `"${COMPONENT_SCHEMAS}`))
}

/** The document as JSON text: what GET /openapi.json answers and docs/openapi.json holds. */
export function openApiJson(): string {
  return `${JSON.stringify(openApiDocument(), null, 2)}\n`
}
