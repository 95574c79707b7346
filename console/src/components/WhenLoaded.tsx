import type { ComponentChildren } from 'preact'
import type { Loaded } from '../lib/use-loader.js'
import { ErrorNote, Loading } from './Notice.js'

/** A loader's failure, "Loading …" until its first answer, then what `children` makes of the answer. */
export function WhenLoaded<T>({
  loaded,
  what,
  children,
}: {
  loaded: Loaded<T>
  /** What is loading, as "Loading …" says it: "the topic", "groups". */
  what: string
  children: (value: T) => ComponentChildren
}) {
  return (
    <>
      <ErrorNote error={loaded.error} />
      {loaded.value === undefined ? !loaded.error && <Loading what={what} /> : children(loaded.value)}
    </>
  )
}

/** A loaded list, as WhenLoaded shows it, or `empty` when it has nothing. */
export function WhenListLoaded<T>({
  loaded,
  what,
  empty,
  children,
}: {
  loaded: Loaded<T[]>
  what: string
  empty: ComponentChildren
  children: (items: T[]) => ComponentChildren
}) {
  return (
    <WhenLoaded loaded={loaded} what={what}>
      {(items) => (items.length === 0 ? <p class="muted">{empty}</p> : children(items))}
    </WhenLoaded>
  )
}
