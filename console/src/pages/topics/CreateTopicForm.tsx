import { createTopic } from '@sluice/sdk'
import { useState } from 'preact/hooks'
import { client } from '../../api/connection.js'
import { permission, rememberRefusal } from '../../api/permissions.js'
import { ActionButton } from '../../components/ActionButton.js'
import { ErrorNote, StatusNote } from '../../components/Notice.js'
import { NumberField } from '../../components/NumberField.js'
import { href } from '../../lib/route.js'
import { useDebounced } from '../../lib/use-debounced.js'
import { RetentionInput, type RetentionValue, retentionFrom, retentionMs } from './RetentionInput.js'

const NAME = /^[A-Za-z0-9._-]{1,249}$/
const DEFAULT_RETENTION_MS = 7 * 86_400_000

/** Creates a topic: name, partitions, retention. */
export function CreateTopicForm({ onCreated }: { onCreated: () => void }) {
  const [name, setName] = useState('')
  const [partitions, setPartitions] = useState('1')
  const [retention, setRetention] = useState<RetentionValue>(retentionFrom(DEFAULT_RETENTION_MS))
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(undefined)
  const [created, setCreated] = useState<string | undefined>(undefined)
  // The grant to create a topic is admin on its name: checked for the name as it is typed.
  const checkedName = useDebounced(NAME.test(name) ? name : '', 300)
  const allowed = checkedName ? permission('adminTopic', checkedName) : { allowed: true as const }

  const submit = async (event: Event) => {
    event.preventDefault()
    setBusy(true)
    setError(undefined)
    setCreated(undefined)
    try {
      await client().execute(
        createTopic({
          name,
          partitions: Number(partitions),
          retentionMs: retentionMs(retention) ?? DEFAULT_RETENTION_MS,
        }),
      )
      setCreated(name)
      setName('')
      onCreated()
    } catch (err) {
      rememberRefusal('adminTopic', name, err)
      setError(err)
    } finally {
      setBusy(false)
    }
  }

  return (
    <details class="panel">
      <summary>Create a topic</summary>
      <form onSubmit={submit} class="form-row">
        <div class="field">
          <label for="topic-name">Name</label>
          <input
            id="topic-name"
            required
            pattern="[A-Za-z0-9._\-]{1,249}"
            value={name}
            onInput={(e) => setName(e.currentTarget.value)}
            aria-describedby="topic-name-help"
          />
          <p id="topic-name-help" class="help">
            Letters, digits, <code>.</code> <code>_</code> <code>-</code>
          </p>
        </div>
        <NumberField
          id="topic-partitions"
          label="Partitions"
          min={1}
          max={1024}
          value={partitions}
          onInput={setPartitions}
        />
        <RetentionInput value={retention} onChange={setRetention} />
        <ActionButton
          type="submit"
          variant="primary"
          permission={allowed}
          busy={busy}
          disabled={retentionMs(retention) === undefined}
        >
          Create topic
        </ActionButton>
      </form>
      <ErrorNote error={error} />
      {created && (
        <StatusNote>
          Created <a href={href('topics', created)}>{created}</a>.
        </StatusNote>
      )}
    </details>
  )
}
