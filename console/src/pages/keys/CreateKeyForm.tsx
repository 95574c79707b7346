import { useState } from 'preact/hooks'
import { client } from '../../api/connection.js'
import { type CreatedKey, createKey, type Grant, type KeyAction } from '../../api/keys.js'
import { type Permission, rememberRefusal } from '../../api/permissions.js'
import { ActionButton } from '../../components/ActionButton.js'
import { ErrorNote } from '../../components/Notice.js'

type Kind = 'topic' | 'group' | 'cluster'

interface GrantRow {
  kind: Kind
  pattern: string
  actions: KeyAction[]
}

const ACTIONS: readonly KeyAction[] = ['produce', 'consume', 'admin']

/** What the form starts with: reading every topic, the most common key. */
const FIRST_GRANT: GrantRow[] = [{ kind: 'topic', pattern: '*', actions: ['consume'] }]

const resourceOf = (row: GrantRow) => (row.kind === 'cluster' ? 'cluster' : `${row.kind}:${row.pattern}`)

/** Creates a key with grants: per resource (`topic:<glob>`, `group:<glob>`, `cluster`), the actions. */
export function CreateKeyForm({
  permission,
  onCreated,
}: {
  permission: Permission | undefined
  onCreated: (key: CreatedKey) => void
}) {
  const [name, setName] = useState('')
  const [rows, setRows] = useState<GrantRow[]>(FIRST_GRANT)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(undefined)

  const update = (index: number, row: GrantRow) => setRows(rows.map((r, i) => (i === index ? row : r)))
  const grants: Grant[] = rows
    .filter((r) => r.actions.length > 0 && (r.kind === 'cluster' || r.pattern))
    .map((r) => ({ resource: resourceOf(r), actions: r.actions }))

  const submit = async (event: Event) => {
    event.preventDefault()
    setBusy(true)
    setError(undefined)
    try {
      onCreated(await client().execute(createKey({ name, grants })))
      setName('')
      setRows(FIRST_GRANT)
    } catch (err) {
      rememberRefusal('manageKeys', '', err)
      setError(err)
    } finally {
      setBusy(false)
    }
  }

  return (
    <details class="panel">
      <summary>Create a key</summary>
      <form onSubmit={submit}>
        <div class="field">
          <label for="key-name">Name</label>
          <input id="key-name" required value={name} onInput={(e) => setName(e.currentTarget.value)} />
        </div>
        <fieldset>
          <legend>Grants</legend>
          {rows.map((row, index) => (
            <GrantEditor
              key={index}
              index={index}
              row={row}
              onChange={(r) => update(index, r)}
              onRemove={rows.length > 1 ? () => setRows(rows.filter((_, i) => i !== index)) : undefined}
            />
          ))}
          <button
            type="button"
            class="button plain small"
            onClick={() => setRows([...rows, { kind: 'topic', pattern: '*', actions: [] }])}
          >
            Add a grant
          </button>
          <p class="help">
            Patterns are globs: <code>orders-*</code>. A key cannot grant more than the key that creates it.
          </p>
        </fieldset>
        <ActionButton
          type="submit"
          variant="primary"
          permission={permission}
          busy={busy}
          disabled={grants.length === 0}
        >
          Create key
        </ActionButton>
      </form>
      <ErrorNote error={error} />
    </details>
  )
}

function GrantEditor({
  index,
  row,
  onChange,
  onRemove,
}: {
  index: number
  row: GrantRow
  onChange: (row: GrantRow) => void
  onRemove: (() => void) | undefined
}) {
  const id = `grant-${index}`
  return (
    <fieldset class="form-row grant">
      <legend class="visually-hidden">Grant {index + 1}</legend>
      <div class="field">
        <label for={`${id}-kind`}>Resource</label>
        <select
          id={`${id}-kind`}
          value={row.kind}
          onChange={(e) => onChange({ ...row, kind: e.currentTarget.value as Kind })}
        >
          <option value="topic">topics</option>
          <option value="group">groups</option>
          <option value="cluster">cluster (keys)</option>
        </select>
      </div>
      {row.kind !== 'cluster' && (
        <div class="field">
          <label for={`${id}-pattern`}>Named</label>
          <input
            id={`${id}-pattern`}
            required
            value={row.pattern}
            onInput={(e) => onChange({ ...row, pattern: e.currentTarget.value })}
          />
        </div>
      )}
      <fieldset class="field bare">
        <legend>Actions</legend>
        <div class="inline-controls">
          {ACTIONS.map((action) => (
            <label key={action} class="check">
              <input
                type="checkbox"
                checked={row.actions.includes(action)}
                onChange={(e) =>
                  onChange({
                    ...row,
                    actions: e.currentTarget.checked
                      ? [...row.actions, action]
                      : row.actions.filter((a) => a !== action),
                  })
                }
              />
              {action}
            </label>
          ))}
        </div>
      </fieldset>
      {onRemove && (
        <button type="button" class="button plain small" onClick={onRemove}>
          Remove<span class="visually-hidden"> grant {index + 1}</span>
        </button>
      )}
    </fieldset>
  )
}
