import { deleteGroup } from '@sluice/sdk'
import { useState } from 'preact/hooks'
import { client } from '../../api/connection.js'
import { type Permission, rememberRefusal } from '../../api/permissions.js'
import { ActionButton } from '../../components/ActionButton.js'
import { ConfirmDialog } from '../../components/ConfirmDialog.js'

/** Deletes the group's offsets, leases and members; the API refuses while a lease is live, and says so. */
export function DeleteGroup({
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
    <section class="panel danger-zone" aria-labelledby="delete-group-title">
      <h2 id="delete-group-title">Delete</h2>
      <p class="help">
        Deletes the group's committed offsets, leases and members. Refused while the group is active.
      </p>
      <ActionButton variant="danger" permission={permission} onClick={() => setAsking(true)}>
        Delete group
      </ActionButton>
      {asking && (
        <ConfirmDialog
          title={`Delete group ${name}?`}
          confirmLabel="Delete group"
          onConfirm={async () => {
            try {
              await client().execute(deleteGroup(name))
            } catch (err) {
              rememberRefusal('adminGroup', name, err)
              throw err
            }
          }}
          onDone={onDeleted}
          onClose={() => setAsking(false)}
        >
          <p>Its consumers start again by their reset policy.</p>
        </ConfirmDialog>
      )}
    </section>
  )
}
