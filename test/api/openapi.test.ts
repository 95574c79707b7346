import { readFileSync } from 'node:fs'
import { Validator } from '@seriousme/openapi-schema-validator'
import { describe, expect, it } from 'vitest'
import { createApp } from '../../functions/app/app.js'
import { CONSOLE_BUILD_DIR, CONSOLE_PATH } from '../../functions/app/console-asset.js'
import { openApiDocument } from '../../functions/app/openapi/document.js'
import { DOCUMENT_FILE, openApiTypes, TYPES_FILE } from '../../functions/app/openapi/write.js'
import { createService } from '../../functions/service.js'
import { testStorage } from '../support/service.js'

/**
 * The OpenAPI document: valid OpenAPI 3.1, committed as generated (with the TypeScript types generated
 * from it), and naming exactly the operations the app serves. (That every answer matches it is held by
 * api(), test/support/contract.ts.)
 */

const document = openApiDocument()

describe('the OpenAPI document', () => {
  it('is committed as docs/openapi.json as the schemas generate it', () => {
    const committed = JSON.parse(readFileSync(DOCUMENT_FILE, 'utf8'))
    expect(committed, 'docs/openapi.json is not what the schemas generate: run `npm run openapi`').toEqual(
      document,
    )
  })

  it('has its TypeScript types committed as test/contract/openapi-types.ts as openapi-typescript generates them', async () => {
    expect(
      readFileSync(TYPES_FILE, 'utf8'),
      'test/contract/openapi-types.ts is not what openapi-typescript generates: run `npm run openapi`',
    ).toBe(await openApiTypes())
  })

  it('is valid OpenAPI 3.1', async () => {
    const validator = new Validator()
    expect(await validator.validate(structuredClone(document))).toEqual({ valid: true })
    expect(validator.version).toBe('3.1')
  })

  it('the validator refuses a document that is not (so the check above means something)', async () => {
    const broken = structuredClone(document)
    broken.paths['/v1/topics'].get.responses['200'] = { content: {} }
    expect((await new Validator().validate(broken)).valid).toBe(false)
  })

  it('documents every route the app serves, and the app serves every operation documented', () => {
    // As the functions and the local server build it: with the console's routes.
    const app = createApp(createService(testStorage()), { consoleDir: CONSOLE_BUILD_DIR })
    const served = new Set(
      app.routes
        // Middleware (method ALL) serves nothing by itself.
        .filter((route) => route.method !== 'ALL')
        // The console's pages and assets are not API operations (docs/console.md).
        .filter((route) => route.path !== CONSOLE_PATH && !route.path.startsWith(`${CONSOLE_PATH}/`))
        .map((route) => `${route.method} ${route.path.replace(/:([^/]+)/g, '{$1}')}`),
    )
    const documented = new Set(
      Object.entries(document.paths as Record<string, Record<string, unknown>>).flatMap(([path, item]) =>
        Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
      ),
    )
    expect(
      [...served].filter((route) => !documented.has(route)),
      'served but not documented',
    ).toEqual([])
    expect(
      [...documented].filter((route) => !served.has(route)),
      'documented but not served',
    ).toEqual([])
    expect(served.size).toBeGreaterThan(25)
  })

  it('gives every operation an id of its own, a summary, a tag it lists, and its answers', () => {
    const tags = new Set((document.tags as { name: string }[]).map((tag) => tag.name))
    const operations = Object.values(
      document.paths as Record<string, Record<string, Record<string, unknown>>>,
    ).flatMap((item) => Object.values(item))
    const ids = operations.map((operation) => operation.operationId)
    expect(new Set(ids).size).toBe(ids.length)
    for (const operation of operations) {
      expect(operation.summary, String(operation.operationId)).toEqual(expect.any(String))
      expect(tags.has((operation.tags as string[])[0] as string), String(operation.operationId)).toBe(true)
      const statuses = Object.keys(operation.responses as object)
      expect(
        statuses.some((status) => status.startsWith('2')),
        String(operation.operationId),
      ).toBe(true)
    }
  })
})
