export type Results = Record<string, unknown>

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * Merges a module's results into the run's nested results. Its top-level keys may be dotted paths
 * (`deploy.bundleKB.produce`) or plain names; keys inside nested objects are kept as they are
 * (`dynamodb.GetItem` names an operation, not a path).
 */
export function mergeResults(target: Results, source: Results, topLevel = true): Results {
  for (const [key, value] of Object.entries(source)) {
    const path = topLevel ? key.split('.') : [key]
    const last = path.pop() as string
    let node = target
    for (const part of path) {
      const child = node[part]
      if (!isPlainObject(child)) node[part] = {}
      node = node[part] as Results
    }
    const existing = node[last]
    if (isPlainObject(value) && isPlainObject(existing)) mergeResults(existing, value, false)
    else if (isPlainObject(value)) node[last] = mergeResults({}, value, false)
    else node[last] = value
  }
  return target
}

/** The value at a dotted path of nested results. */
export function lookup(results: Results, path: string): unknown {
  let node: unknown = results
  for (const part of path.split('.')) {
    if (!isPlainObject(node)) return undefined
    node = node[part]
  }
  return node
}
