/** What a key may do: the API keys section of docs/api.md. */
export type Action = 'produce' | 'consume' | 'admin'
export const ACTIONS: readonly Action[] = ['produce', 'consume', 'admin']

/** `topic:<glob>`, `group:<glob>` or `cluster`; globs use `*` for any run of characters. */
export interface Grant {
  resource: string
  actions: Action[]
}

export type ResourceKind = 'topic' | 'group' | 'cluster'

export interface Resource {
  kind: ResourceKind
  /** The topic or group name; empty for the cluster. */
  name: string
}

function parseResource(resource: string): { kind: ResourceKind; pattern: string } | undefined {
  if (resource === 'cluster') return { kind: 'cluster', pattern: '' }
  const match = /^(topic|group):(.+)$/.exec(resource)
  return match ? { kind: match[1] as ResourceKind, pattern: match[2] as string } : undefined
}

export const isValidResource = (resource: string) => parseResource(resource) !== undefined

function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')
  return new RegExp(`^${escaped}$`)
}

/** Whether the grants allow `action` on `resource`. */
export function allows(grants: readonly Grant[], resource: Resource, action: Action): boolean {
  return grants.some((grant) => {
    const parsed = parseResource(grant.resource)
    if (!parsed || parsed.kind !== resource.kind || !grant.actions.includes(action)) return false
    return resource.kind === 'cluster' || globToRegExp(parsed.pattern).test(resource.name)
  })
}

/**
 * Whether every name `inner` matches is matched by `outer`. Exact for `*` alone, literal names and
 * `prefix*`; anything else must be equal. Conservative: it may refuse a grant that is in fact narrower.
 */
function globCovers(outer: string, inner: string): boolean {
  if (outer === inner || outer === '*') return true
  if (!inner.includes('*')) return globToRegExp(outer).test(inner)
  const prefix = outer.endsWith('*') && !outer.slice(0, -1).includes('*') ? outer.slice(0, -1) : undefined
  return prefix !== undefined && inner.startsWith(prefix)
}

/** Whether `held` grants everything `requested` does: a key cannot mint a broader key. */
export function covers(held: readonly Grant[], requested: readonly Grant[]): boolean {
  return requested.every((want) => {
    const wanted = parseResource(want.resource)
    if (!wanted) return false
    return want.actions.every((action) =>
      held.some((have) => {
        const had = parseResource(have.resource)
        return (
          had !== undefined &&
          had.kind === wanted.kind &&
          have.actions.includes(action) &&
          (wanted.kind === 'cluster' || globCovers(had.pattern, wanted.pattern))
        )
      }),
    )
  })
}

/** The root key's grants: everything. */
export const ALL_GRANTS: readonly Grant[] = [
  { resource: 'cluster', actions: ['admin'] },
  { resource: 'topic:*', actions: [...ACTIONS] },
  { resource: 'group:*', actions: [...ACTIONS] },
]
