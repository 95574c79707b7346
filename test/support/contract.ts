import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js'
import { openApiDocument } from '../../functions/app/openapi/document.js'

/**
 * Holds an answer of the service to the OpenAPI document (GET /openapi.json): its status is one the
 * document gives the operation, its body has the media type and the schema the document gives that
 * status. The document is generated in-process, as the app serves it; test/api/openapi.test.ts holds
 * docs/openapi.json to the same.
 *
 * Stricter than the document on one point: an object may hold only the fields the document names.
 * The published document leaves objects open, so that a field added later breaks no client; here an
 * answer's field that the document does not name is a gap in the document.
 */

// biome-ignore lint/suspicious/noExplicitAny: OpenAPI and JSON Schema objects are open JSON
type Json = Record<string, any>

export interface Answer {
  status: number
  headers: Headers
  /** The body as sent. */
  text: string
}

const DOCUMENT_ID = 'sluice:openapi'
const document = openApiDocument()
/** Validators of the document's schemas; `coerceTypes` reads a parameter's text as the value it stands for. */
function validators({ coerceTypes }: { coerceTypes: boolean }): (pointer: string) => ValidateFunction {
  const ajv = new Ajv2020({ allErrors: true, strict: true, coerceTypes })
  // The document's schemas are reached by JSON pointer into it, `#/components/...` refs included; its
  // OpenAPI parts around them are not JSON Schema keywords, and strict mode would refuse them.
  for (const keyword of ['components', 'paths', 'webhooks']) ajv.addKeyword(keyword)
  ajv.addSchema({
    $id: DOCUMENT_ID,
    components: closed(document.components),
    paths: closed(document.paths),
    webhooks: closed(document.webhooks),
  })
  const compiled = new Map<string, ValidateFunction>()
  return (pointer) => {
    let validate = compiled.get(pointer)
    if (!validate) {
      validate = ajv.compile({ $ref: `${DOCUMENT_ID}${pointer}` })
      compiled.set(pointer, validate)
    }
    return validate
  }
}

/** The validator of the JSON (a body) at a pointer into the document. */
const validatorAt = validators({ coerceTypes: false })
/** The validator of a parameter's schema, given its text: `?limit=10` is the integer 10. */
const parameterValidatorAt = validators({ coerceTypes: true })

interface Route {
  path: string
  pattern: RegExp
  operations: Json
}

const routes: Route[] = Object.entries(document.paths as Json).map(([path, operations]) => ({
  path,
  // A parameter is one non-empty path segment, as the app routes it.
  pattern: new RegExp(`^${path.replace(/[.]/g, '\\.').replace(/\{[^}]+\}/g, '[^/]+')}$`),
  operations,
}))

/** What a test sent beside method and URL: the body (checked where it is text) and the headers. */
export interface Sent {
  body?: unknown
  headers?: HeadersInit
}

/**
 * Throws, naming the request, the status and what is wrong, unless the document allows the answer;
 * and, where the answer is a success, unless the document allows the request too: a request the
 * service took that the document refuses is a gap between the two as well.
 */
export function checkAnswer(method: string, url: string, answer: Answer, sent: Sent = {}): void {
  const { pathname, searchParams } = new URL(url, 'http://x')
  const verb = method.toLowerCase()
  const problem = answerProblem(verb, pathname, answer)
  if (problem) {
    const body = answer.text.length > 500 ? `${answer.text.slice(0, 500)}...` : answer.text
    throw new Error(
      `${method} ${url} answered ${answer.status}, which the OpenAPI document does not allow: ${problem}\nbody: ${body}`,
    )
  }
  const refused = answer.status < 300 ? requestProblem(verb, pathname, searchParams, sent) : undefined
  if (refused) {
    throw new Error(
      `${method} ${url} answered ${answer.status}, yet the OpenAPI document refuses the request: ${refused}`,
    )
  }
}

/**
 * Throws, naming what is wrong, unless the document's `webhooks` entry allows a request the service
 * sent (a delivery to a webhook): its headers and its JSON body.
 */
export function checkSentRequest(webhook: string, headers: Headers, body: string): void {
  const pointer = `#/webhooks/${webhook}/post`
  const parameters: Json[] = document.webhooks[webhook].post.parameters
  const problems: string[] = []
  parameters.forEach((parameter, i) => {
    const value = headers.get(parameter.name)
    if (value === null) {
      if (parameter.required) problems.push(`header ${parameter.name} is missing`)
      return
    }
    const validate = validatorAt(`${pointer}/parameters/${i}/schema`)
    if (!validate(value)) problems.push(schemaErrors(validate, `header ${parameter.name}`))
  })
  const validate = validatorAt(`${pointer}/requestBody/content/application~1json/schema`)
  if (!validate(JSON.parse(body))) problems.push(schemaErrors(validate, 'body'))
  if (problems.length > 0) {
    throw new Error(
      `the ${webhook} request sent is not what the OpenAPI document gives: ${problems.join('; ')}`,
    )
  }
}

function answerProblem(method: string, path: string, answer: Answer): string | undefined {
  // CORS preflights, and HEAD (a GET without its body), are HTTP's, not operations of the API.
  if (method === 'options' || method === 'head') return undefined
  const route = routes.find((r) => r.pattern.test(path))
  const operation = route?.operations[method]
  if (!route || !operation) return unservedProblem(path, route, answer)
  const response = operation.responses[answer.status]
  if (!response) {
    return `${operation.operationId} documents ${Object.keys(operation.responses).join(', ')}`
  }
  const pointer = response.$ref
    ? `#/components/responses/${response.$ref.split('/').at(-1)}`
    : `#/paths/${pointerPart(route.path)}/${method}/responses/${answer.status}`
  return bodyProblem(resolve(response), pointer, answer)
}

/** What the document says is wrong with a request its operation took: its parameters and its body. */
function requestProblem(
  method: string,
  path: string,
  query: URLSearchParams,
  sent: Sent,
): string | undefined {
  const route = routes.find((r) => r.pattern.test(path))
  const operation = route?.operations[method]
  if (!route || !operation) return undefined
  const pointer = `#/paths/${pointerPart(route.path)}/${method}`
  const parameters: Json[] = operation.parameters ?? []
  const headers = new Headers(sent.headers)
  const segments = path.split('/')
  const inPath = Object.fromEntries(
    route.path.split('/').flatMap((part, i) => {
      const name = /^\{(.+)\}$/.exec(part)?.[1]
      return name ? [[name, decodeURIComponent(segments[i] as string)]] : []
    }),
  )
  // A query parameter no operation names is not checked: an operation that reads no query ignores it.
  const problems: string[] = []
  parameters.forEach((parameter, i) => {
    const where = `${parameter.in} parameter ${parameter.name}`
    const value =
      parameter.in === 'path'
        ? inPath[parameter.name]
        : parameter.in === 'query'
          ? (query.get(parameter.name) ?? undefined)
          : (headers.get(parameter.name) ?? undefined)
    if (value === undefined) {
      if (parameter.required) problems.push(`${where} is missing`)
      return
    }
    const validate = parameterValidatorAt(`${pointer}/parameters/${i}/schema`)
    if (!validate(value)) problems.push(schemaErrors(validate, where))
  })
  if (operation.requestBody && typeof sent.body === 'string') {
    const validate = validatorAt(`${pointer}/requestBody/content/application~1json/schema`)
    if (!validate(JSON.parse(sent.body))) problems.push(schemaErrors(validate, 'body'))
  }
  return problems.length > 0 ? problems.join('; ') : undefined
}

/** A request no operation serves: 404 NOT_FOUND, or 405 with the path's methods in `Allow`. */
function unservedProblem(path: string, route: Route | undefined, answer: Answer): string | undefined {
  // With auth on, /v1 asks for a key before it routes.
  if (answer.status === 401 && path.startsWith('/v1/')) return errorProblem(answer, 'UNAUTHENTICATED')
  if (!route) {
    return answer.status === 404
      ? errorProblem(answer, 'NOT_FOUND')
      : 'no operation serves this path: 404 expected'
  }
  if (answer.status !== 405) return `no operation serves this method on ${route.path}: 405 expected`
  const allowed = Object.keys(route.operations)
    .map((m) => m.toUpperCase())
    .sort()
    .join(', ')
  if (answer.headers.get('allow') !== allowed)
    return `Allow: ${answer.headers.get('allow')}; expected ${allowed}`
  return errorProblem(answer, 'METHOD_NOT_ALLOWED')
}

function errorProblem(answer: Answer, code: string): string | undefined {
  const problem = jsonProblem(answer, '#/components/schemas/Error')
  if (problem) return problem
  const got = JSON.parse(answer.text).error.code
  return got === code ? undefined : `error code ${got}; expected ${code}`
}

function bodyProblem(response: Json, pointer: string, answer: Answer): string | undefined {
  const content = response.content as Json | undefined
  if (!content) return answer.text === '' ? undefined : 'a body where the document gives none'
  const [media] = Object.keys(content)
  const type = answer.headers.get('content-type') ?? ''
  if (!type.startsWith(media as string)) return `content-type ${type}; expected ${media}`
  if (media !== 'application/json') return answer.text === '' ? 'an empty body' : undefined
  return jsonProblem(answer, `${pointer}/content/application~1json/schema`)
}

function jsonProblem(answer: Answer, pointer: string): string | undefined {
  let body: unknown
  try {
    body = JSON.parse(answer.text)
  } catch {
    return 'a body that is not JSON'
  }
  const validate = validatorAt(pointer)
  return validate(body) ? undefined : schemaErrors(validate, 'body')
}

/** What a validation found, each problem where it is: `body/records/0 must ...`. */
function schemaErrors(validate: ValidateFunction, what: string): string {
  return (validate.errors ?? [])
    .map((e) => {
      const field = (e.params as { additionalProperty?: string }).additionalProperty
      return `${what}${e.instancePath} ${e.message}${field === undefined ? '' : `: "${field}"`}`
    })
    .join('; ')
}

/** The object at a JSON pointer of the document. */
function at(pointer: string): Json {
  return pointer
    .slice(2)
    .split('/')
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce((node: Json, key) => node[key], document)
}

const pointerPart = (path: string) => path.replaceAll('~', '~0').replaceAll('/', '~1')

const resolve = (response: Json): Json => (response.$ref ? at(response.$ref) : response)

/**
 * A copy in which every object schema that names its properties and says nothing of others refuses
 * others. `allOf` branches stay as they are: one narrows another (an error's code), and closing it
 * would refuse the fields the other names.
 */
function closed(node: Json): Json {
  if (Array.isArray(node)) return node.map(closed)
  if (node === null || typeof node !== 'object') return node
  const copy: Json = {}
  for (const [key, value] of Object.entries(node)) copy[key] = key === 'allOf' ? value : closed(value)
  if (copy.type === 'object' && copy.properties && !('additionalProperties' in copy)) {
    copy.additionalProperties = false
  }
  return copy
}
