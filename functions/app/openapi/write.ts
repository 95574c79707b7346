// `npm run openapi`: writes docs/openapi.json (then formatted by Biome), the document GET /openapi.json
// answers, for readers of the repository and for tools. test/api/openapi.test.ts fails while the file
// differs from it.
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { openApiJson } from './document.js'

export const DOCUMENT_FILE = fileURLToPath(new URL('../../../docs/openapi.json', import.meta.url))

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(DOCUMENT_FILE, openApiJson())
  console.log(`wrote ${DOCUMENT_FILE}`)
}
