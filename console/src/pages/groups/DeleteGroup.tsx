import { deleteGroup } from '@sluice/sdk'
import { client } from '../../api/connection.js'
import type { Permission } from '../../api/permissions.js'
import { ConfirmDelete } from '../../components/ConfirmDelete.js'

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
  return (
    <ConfirmDelete
      kind="group"
      name={name}
      action="adminGroup"
      permission={permission}
      help="Deletes the group's committed offsets, leases and members. Refused while the group is active."
      remove={() => client().execute(deleteGroup(name))}
      onDeleted={onDeleted}
    >
      <p>Its consumers start again by their reset policy.</p>
    </ConfirmDelete>
  )
}
