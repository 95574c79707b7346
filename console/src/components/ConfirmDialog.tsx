import type { ComponentChildren } from 'preact'
import { useEffect, useId, useRef, useState } from 'preact/hooks'
import { ErrorNote } from './Notice.js'

interface Props {
  title: string
  children: ComponentChildren
  confirmLabel: string
  /** When given, the person types it to confirm (a topic's name before its deletion). */
  typeToConfirm?: string
  onConfirm: () => Promise<void>
  /** After the change was made (the dialog has closed). */
  onDone?: () => void
  onClose: () => void
}

/**
 * A modal question before a change that cannot be undone: the browser's own dialog element, which
 * keeps focus inside it and closes on Escape. The API's refusal is shown in it.
 */
export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  typeToConfirm,
  onConfirm,
  onDone,
  onClose,
}: Props) {
  const dialog = useRef<HTMLDialogElement>(null)
  const titleId = useId()
  const inputId = useId()
  const [typed, setTyped] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(undefined)

  useEffect(() => {
    dialog.current?.showModal()
  }, [])

  const confirm = async (event: Event) => {
    event.preventDefault()
    setBusy(true)
    setError(undefined)
    try {
      await onConfirm()
      dialog.current?.close()
      onDone?.()
    } catch (err) {
      setError(err)
      setBusy(false)
    }
  }

  return (
    <dialog ref={dialog} class="dialog" aria-labelledby={titleId} onClose={onClose}>
      <form onSubmit={confirm}>
        <h2 id={titleId}>{title}</h2>
        {children}
        {typeToConfirm !== undefined && (
          <div class="field">
            <label for={inputId}>
              Type <strong>{typeToConfirm}</strong> to confirm
            </label>
            <input
              id={inputId}
              value={typed}
              onInput={(e) => setTyped(e.currentTarget.value)}
              autocomplete="off"
              spellcheck={false}
            />
          </div>
        )}
        <ErrorNote error={error} />
        <div class="buttons">
          <button type="button" class="button plain" onClick={() => dialog.current?.close()}>
            Cancel
          </button>
          <button
            type="submit"
            class="button danger"
            disabled={busy || (typeToConfirm !== undefined && typed !== typeToConfirm)}
          >
            {confirmLabel}
          </button>
        </div>
      </form>
    </dialog>
  )
}
