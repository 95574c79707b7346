import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript'

/**
 * The TypeScript types openapi-typescript generates from an OpenAPI document: `paths`, `components`
 * and `operations`, as a generated client (openapi-fetch) takes them.
 */
export async function generateTypes(document: object): Promise<string> {
  // A copy: openapi-typescript resolves references in place.
  const nodes = await openapiTS(structuredClone(document) as OpenAPI3, { silent: true })
  return astToString(nodes)
}
