import { alterTopic, type TopicWithOffsets } from '@sluice/sdk'
import { useState } from 'preact/hooks'
import { client } from '../../api/connection.js'
import { type Permission, rememberRefusal } from '../../api/permissions.js'
import { ActionButton } from '../../components/ActionButton.js'
import { ErrorNote, StatusNote } from '../../components/Notice.js'
import { NumberField } from '../../components/NumberField.js'
import { formatRetention } from '../../lib/format.js'
import { RetentionInput, type RetentionValue, retentionFrom, retentionMs } from './RetentionInput.js'

interface Props {
  topic: TopicWithOffsets
  permission: Permission | undefined
  onChanged: () => void
}

/** Grows the partitions (they never shrink) and changes the retention. */
export function TopicSettings({ topic, permission, onChanged }: Props) {
  const [partitions, setPartitions] = useState(String(topic.partitions + 1))
  const [retention, setRetention] = useState<RetentionValue>(retentionFrom(topic.retentionMs))
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(undefined)
  const [done, setDone] = useState<string | undefined>(undefined)

  const change = async (what: string, input: { partitions?: number; retentionMs?: number }) => {
    setBusy(true)
    setError(undefined)
    setDone(undefined)
    try {
      const changed = await client().execute(alterTopic(topic.name, input))
      setDone(`${what}: ${changed.partitions} partitions, retention ${formatRetention(changed.retentionMs)}.`)
      setPartitions(String(changed.partitions + 1))
      onChanged()
    } catch (err) {
      rememberRefusal('adminTopic', topic.name, err)
      setError(err)
    } finally {
      setBusy(false)
    }
  }

  return (
    <section class="panel" aria-labelledby="settings-title">
      <h2 id="settings-title">Settings</h2>
      <form
        class="form-row"
        onSubmit={(e) => {
          e.preventDefault()
          void change('Partitions grown', { partitions: Number(partitions) })
        }}
      >
        <NumberField
          id="grow-partitions"
          label="Partitions"
          min={topic.partitions + 1}
          max={1024}
          value={partitions}
          onInput={setPartitions}
          help={`Now ${topic.partitions}; partitions only grow.`}
        />
        <ActionButton type="submit" permission={permission} busy={busy}>
          Grow partitions
        </ActionButton>
      </form>
      <form
        class="form-row"
        onSubmit={(e) => {
          e.preventDefault()
          const ms = retentionMs(retention)
          if (ms !== undefined) void change('Retention changed', { retentionMs: ms })
        }}
      >
        <RetentionInput value={retention} onChange={setRetention} />
        <ActionButton
          type="submit"
          permission={permission}
          busy={busy}
          disabled={retentionMs(retention) === undefined}
        >
          Change retention
        </ActionButton>
      </form>
      <p class="help">A new retention applies to records appended after the change.</p>
      <ErrorNote error={error} />
      {done && <StatusNote>{done}</StatusNote>}
    </section>
  )
}
