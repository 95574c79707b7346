import { deleteTopic } from '@sluice/sdk'
import { client } from '../../api/connection.js'
import type { Permission } from '../../api/permissions.js'
import { ConfirmDelete } from '../../components/ConfirmDelete.js'

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
  return (
    <ConfirmDelete
      kind="topic"
      name={name}
      action="adminTopic"
      permission={permission}
      help="Deletes the topic and its records. A topic created again under the name starts at offset 0."
      typeName
      remove={() => client().execute(deleteTopic(name))}
      onDeleted={onDeleted}
    >
      <p>Every record in it is gone for good. Groups keep no offsets for it.</p>
    </ConfirmDelete>
  )
}
