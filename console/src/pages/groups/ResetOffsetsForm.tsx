import { type GroupDescription, type OffsetResetTarget, resetGroupOffsets } from '@sluice/sdk'
import { useState } from 'preact/hooks'
import { client } from '../../api/connection.js'
import { type Permission, rememberRefusal } from '../../api/permissions.js'
import { ActionButton } from '../../components/ActionButton.js'
import { ErrorNote, StatusNote } from '../../components/Notice.js'
import { NumberField } from '../../components/NumberField.js'
import { parseLocalDateTime } from '../../lib/format.js'

type Mode = 'earliest' | 'latest' | 'timestamp' | 'offsets'

interface Props {
  group: GroupDescription
  permission: Permission | undefined
  onReset: () => void
}

/**
 * Moves the group's offsets on one topic: to the earliest or latest record, to a time, or to given
 * offsets. The API refuses while a lease on the topic is live (GROUP_ACTIVE); its message is shown.
 */
export function ResetOffsetsForm({ group, permission, onReset }: Props) {
  const [topic, setTopic] = useState(group.topics[0]?.topic ?? '')
  const [mode, setMode] = useState<Mode>('earliest')
  const [time, setTime] = useState('')
  const [offsets, setOffsets] = useState<Record<number, string>>({})
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(undefined)
  const [done, setDone] = useState<string | undefined>(undefined)
  const partitions = group.topics.find((t) => t.topic === topic)?.partitions ?? []

  const target = (): OffsetResetTarget | undefined => {
    if (mode === 'earliest' || mode === 'latest') return { to: mode }
    if (mode === 'timestamp') {
      const timestamp = parseLocalDateTime(time)
      return timestamp === undefined ? undefined : { timestamp }
    }
    const given = Object.entries(offsets).filter(([, v]) => /^\d+$/.test(v))
    return given.length
      ? { offsets: given.map(([p, v]) => ({ partition: Number(p), offset: Number(v) })) }
      : undefined
  }

  const submit = async (event: Event) => {
    event.preventDefault()
    const chosen = target()
    if (!chosen) return
    setBusy(true)
    setError(undefined)
    setDone(undefined)
    try {
      const moved = await client().execute(resetGroupOffsets(group.group, topic, chosen))
      setDone(`Offsets on ${topic} now: ${moved.map((o) => `p${o.partition} → ${o.offset}`).join(', ')}.`)
      onReset()
    } catch (err) {
      rememberRefusal('adminGroup', group.group, err)
      setError(err)
    } finally {
      setBusy(false)
    }
  }

  if (group.topics.length === 0) return null
  return (
    <section class="panel" aria-labelledby="reset-title">
      <h2 id="reset-title">Reset offsets</h2>
      <form onSubmit={submit}>
        <div class="form-row">
          <div class="field">
            <label for="reset-topic">Topic</label>
            <select id="reset-topic" value={topic} onChange={(e) => setTopic(e.currentTarget.value)}>
              {group.topics.map((t) => (
                <option key={t.topic} value={t.topic}>
                  {t.topic}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="reset-mode">To</label>
            <select id="reset-mode" value={mode} onChange={(e) => setMode(e.currentTarget.value as Mode)}>
              <option value="earliest">earliest record</option>
              <option value="latest">latest (skip everything)</option>
              <option value="timestamp">a time</option>
              <option value="offsets">given offsets</option>
            </select>
          </div>
          {mode === 'timestamp' && (
            <div class="field">
              <label for="reset-time">Time (local)</label>
              <input
                id="reset-time"
                type="datetime-local"
                step="1"
                required
                value={time}
                onInput={(e) => setTime(e.currentTarget.value)}
              />
            </div>
          )}
        </div>
        {mode === 'offsets' && (
          <fieldset class="form-row">
            <legend>Offset per partition (empty: unchanged)</legend>
            {partitions.map((p) => (
              <NumberField
                key={p.partition}
                id={`reset-offset-${p.partition}`}
                label={`Partition ${p.partition}`}
                min={0}
                required={false}
                placeholder={String(p.committedOffset ?? '')}
                value={offsets[p.partition] ?? ''}
                onInput={(value) => setOffsets({ ...offsets, [p.partition]: value })}
              />
            ))}
          </fieldset>
        )}
        <ActionButton type="submit" permission={permission} busy={busy} disabled={!target()}>
          Reset offsets
        </ActionButton>
      </form>
      <ErrorNote error={error} />
      {done && <StatusNote>{done}</StatusNote>}
    </section>
  )
}
