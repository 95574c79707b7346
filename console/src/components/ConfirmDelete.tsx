import type { ComponentChildren } from 'preact'
import { useId, useState } from 'preact/hooks'
import { type Action, type Permission, rememberRefusal } from '../api/permissions.js'
import { ActionButton } from './ActionButton.js'
import { ConfirmDialog } from './ConfirmDialog.js'

interface Props {
  /** What is deleted, as its button says it: "topic", "group". */
  kind: string
  name: string
  /** The permission the API checks, remembered as refused when it answers 403. */
  action: Action
  permission: Permission | undefined
  /** What deleting takes away, under the panel's heading. */
  help: string
  /** When set, the person types the name to confirm. */
  typeName?: boolean
  remove: () => Promise<unknown>
  onDeleted: () => void
  /** What follows from it, said in the dialog. */
  children: ComponentChildren
}

/** A detail page's delete panel: its button opens a dialog that asks before anything is deleted. */
export function ConfirmDelete({
  kind,
  name,
  action,
  permission,
  help,
  typeName,
  remove,
  onDeleted,
  children,
}: Props) {
  const [asking, setAsking] = useState(false)
  const titleId = useId()
  return (
    <section class="panel danger-zone" aria-labelledby={titleId}>
      <h2 id={titleId}>Delete</h2>
      <p class="help">{help}</p>
      <ActionButton variant="danger" permission={permission} onClick={() => setAsking(true)}>
        {`Delete ${kind}`}
      </ActionButton>
      {asking && (
        <ConfirmDialog
          title={`Delete ${kind} ${name}?`}
          confirmLabel={`Delete ${kind}`}
          typeToConfirm={typeName ? name : undefined}
          onConfirm={async () => {
            try {
              await remove()
            } catch (err) {
              rememberRefusal(action, name, err)
              throw err
            }
          }}
          onDone={onDeleted}
          onClose={() => setAsking(false)}
        >
          {children}
        </ConfirmDialog>
      )}
    </section>
  )
}
