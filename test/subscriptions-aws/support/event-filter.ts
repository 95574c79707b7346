/**
 * The part of Lambda event filtering (EventBridge pattern matching) the push function's stream filters
 * use: exact values, `prefix` and `exists`, on nested fields. Every field of a pattern must match; a
 * field's list matches when any of its entries does; `{exists: false}` matches a field that is absent.
 */
type FilterLeaf = string | number | boolean | { prefix: string } | { exists: boolean }

export function matchesFilter(pattern: Readonly<Record<string, unknown>>, event: unknown): boolean {
  return Object.entries(pattern).every(([field, rule]) => {
    const value = isObject(event) ? event[field] : undefined
    return Array.isArray(rule)
      ? rule.some((leaf: FilterLeaf) => matchesLeaf(leaf, value))
      : matchesFilter(rule as Record<string, unknown>, value)
  })
}

function matchesLeaf(leaf: FilterLeaf, value: unknown): boolean {
  if (typeof leaf !== 'object') return value === leaf
  if ('exists' in leaf) return leaf.exists === (value !== undefined && !isObject(value))
  return typeof value === 'string' && value.startsWith(leaf.prefix)
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null
