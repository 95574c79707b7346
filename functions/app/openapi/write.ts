// `npm run openapi`: writes docs/openapi.json (then formatted by Biome), the document GET /openapi.json
// answers, for readers of the repository and for tools; and test/contract/openapi-types.ts, the
// TypeScript types openapi-typescript generates from it, which the contract tests hold the SDK and a
// generated client to. test/api/openapi.test.ts fails while either file differs from what this writes.
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { generateTypes } from '@sluice/openapi-typescript'
import { openApiDocument, openApiJson } from './document.js'

export const DOCUMENT_FILE = fileURLToPath(new URL('../../../docs/openapi.json', import.meta.url))
export const TYPES_FILE = fileURLToPath(new URL('../../../test/contract/openapi-types.ts', import.meta.url))

const TYPES_HEADER = `// Generated from docs/openapi.json by openapi-typescript (\`npm run openapi\`): do not edit.\n\n`

/** The types file as `npm run openapi` writes it. (Biome leaves it as generated: see biome.json.) */
export async function openApiTypes(): Promise<string> {
  return TYPES_HEADER + (await generateTypes(openApiDocument()))
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(DOCUMENT_FILE, openApiJson())
  console.log(`wrote ${DOCUMENT_FILE}`)
  writeFileSync(TYPES_FILE, await openApiTypes())
  console.log(`wrote ${TYPES_FILE}`)
}
