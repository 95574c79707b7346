import { useState } from 'preact/hooks'
import { client } from '../../api/connection.js'
import { type ApiKey, type CreatedKey, deleteKey, listKeys } from '../../api/keys.js'
import { permission, rememberRefusal } from '../../api/permissions.js'
import { ActionButton } from '../../components/ActionButton.js'
import { ConfirmDialog } from '../../components/ConfirmDialog.js'
import { Loading } from '../../components/Notice.js'
import { WhenListLoaded } from '../../components/WhenLoaded.js'
import { formatTimestamp } from '../../lib/format.js'
import { useLoader } from '../../lib/use-loader.js'
import { CreateKeyForm } from './CreateKeyForm.js'
import { SecretOnce } from './SecretOnce.js'

/** API keys: who may do what. Managing them takes admin on the cluster. */
export function KeysPage() {
  const manage = permission('manageKeys')
  return (
    <>
      <h1>API keys</h1>
      {manage?.allowed === false ? (
        <p class="note warn" role="note">
          This key cannot list or manage API keys: {manage.reason}. Keys are managed with admin on{' '}
          <code>cluster</code>.
        </p>
      ) : manage ? (
        <KeyManager />
      ) : (
        <Loading what="what this key may do" />
      )}
    </>
  )
}

function KeyManager() {
  const keys = useLoader((signal) => client().execute(listKeys(), { signal }), [])
  const [created, setCreated] = useState<CreatedKey | undefined>(undefined)
  const [deleting, setDeleting] = useState<ApiKey | undefined>(undefined)
  const manage = permission('manageKeys')
  return (
    <>
      {created && <SecretOnce created={created} onDismiss={() => setCreated(undefined)} />}
      <CreateKeyForm
        permission={manage}
        onCreated={(key) => {
          setCreated(key)
          keys.reload()
        }}
      />
      <WhenListLoaded loaded={keys} what="keys" empty="No keys yet.">
        {(items) => (
          <table>
            <caption class="visually-hidden">API keys</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Id</th>
                <th scope="col">Grants</th>
                <th scope="col">Created</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((key) => (
                <tr key={key.id}>
                  <th scope="row">{key.name}</th>
                  <td>
                    <code>{key.id}</code>
                  </td>
                  <td>
                    <ul class="chips">
                      {key.grants.map((g) => (
                        <li key={g.resource}>
                          <code>{g.resource}</code>: {g.actions.join(', ')}
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td>{formatTimestamp(key.createdAt)}</td>
                  <td>
                    <ActionButton variant="danger" permission={manage} onClick={() => setDeleting(key)}>
                      Delete<span class="visually-hidden"> key {key.name}</span>
                    </ActionButton>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </WhenListLoaded>
      {deleting && (
        <ConfirmDialog
          title={`Delete key ${deleting.name}?`}
          confirmLabel="Delete key"
          onConfirm={async () => {
            try {
              await client().execute(deleteKey(deleting.id))
            } catch (err) {
              rememberRefusal('manageKeys', '', err)
              throw err
            }
          }}
          onDone={keys.reload}
          onClose={() => setDeleting(undefined)}
        >
          <p>
            Requests with it are refused within seconds. <code>{deleting.id}</code>
          </p>
        </ConfirmDialog>
      )}
    </>
  )
}
