import * as z from 'zod/mini'

/** What the OpenAPI document says about a schema beside its shape. */
export interface SchemaDocs {
  /** Where set, the schema is `#/components/schemas/<id>` and every use of it refers there. */
  id?: string
  description?: string
}

/**
 * The document's notes on schemas, request schemas included: kept here, in the lazily loaded document
 * code, rather than on the schemas themselves, so that a cold start neither loads nor registers them.
 */
export const contract = z.registry<SchemaDocs>()

/**
 * The schema itself, described in the document. A schema is described once: a shared schema (a name,
 * an offset) says what it is everywhere it is used; a field that needs its own words needs its own schema.
 */
export function describe<S extends z.ZodMiniType>(schema: S, description: string): S {
  const docs = contract.get(schema)
  if (docs?.description !== undefined)
    throw new Error(`described twice: "${docs.description}", "${description}"`)
  contract.add(schema, { ...docs, description })
  return schema
}

const components = new Map<string, z.ZodMiniType>()

/** The named components, by id. */
export const componentSchemas = (): ReadonlyMap<string, z.ZodMiniType> => components

/** The schema itself, as the named component `id` of the document. */
export function component<S extends z.ZodMiniType>(schema: S, id: string, description?: string): S {
  if (components.has(id)) throw new Error(`two components named ${id}`)
  components.set(id, schema)
  contract.add(schema, { ...contract.get(schema), id })
  if (description !== undefined) describe(schema, description)
  return schema
}
