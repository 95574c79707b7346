import type { ComponentChildren } from 'preact'
import { errorMessage } from '../api/errors.js'

/** A failure, in the API's words; announced to screen readers as it appears. */
export function ErrorNote({ error }: { error: unknown }) {
  if (error === undefined || error === null) return null
  return (
    <p class="note error" role="alert">
      {errorMessage(error)}
    </p>
  )
}

/** A result worth announcing politely (a record produced, a setting changed). */
export function StatusNote({ children }: { children: ComponentChildren }) {
  return (
    <p class="note ok" role="status">
      {children}
    </p>
  )
}

export function Loading({ what }: { what: string }) {
  return (
    <p class="muted" aria-busy="true">
      Loading {what}…
    </p>
  )
}
