import { deleteTopic } from '@sluice/sdk'
import { useState } from 'preact/hooks'
import { client } from '../../api/connection.js'
import { type Permission, rememberRefusal } from '../../api/permissions.js'
import { ActionButton } from '../../components/ActionButton.js'
import { ConfirmDialog } from '../../components/ConfirmDialog.js'

/** Deletes the topic and every record in it, once its name is typed. */
export function DeleteTopic({
  name,
  permission,
  onDeleted,
}: {
  name: string
  permission: Permission | undefined
  onDeleted: () => void
}) {
  const [asking, setAsking] = useState(false)
  return (
    <section class="panel danger-zone" aria-labelledby="delete-title">
      <h2 id="delete-title">Delete</h2>
      <p class="help">
        Deletes the topic and its records. A topic created again under the name starts at offset 0.
      </p>
      <ActionButton variant="danger" permission={permission} onClick={() => setAsking(true)}>
        Delete topic
      </ActionButton>
      {asking && (
        <ConfirmDialog
          title={`Delete topic ${name}?`}
          confirmLabel="Delete topic"
          typeToConfirm={name}
          onConfirm={async () => {
            try {
              await client().execute(deleteTopic(name))
            } catch (err) {
              rememberRefusal('adminTopic', name, err)
              throw err
            }
          }}
          onDone={onDeleted}
          onClose={() => setAsking(false)}
        >
          <p>Every record in it is gone for good. Groups keep no offsets for it.</p>
        </ConfirmDialog>
      )}
    </section>
  )
}
