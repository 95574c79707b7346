import { produceRecords, type WireRecord } from '@sluice/sdk'
import { useState } from 'preact/hooks'
import { client } from '../../api/connection.js'
import { permission, rememberRefusal } from '../../api/permissions.js'
import { ActionButton } from '../../components/ActionButton.js'
import { ErrorNote, StatusNote } from '../../components/Notice.js'

interface Props {
  topic: string
  partitions: number
  /** Shows the record produced. */
  onProduced: (partition: number, offset: number) => void
}

interface Produced {
  partition: number
  offset: number
}

/** Headers typed one per line as `name: value`; `undefined` when a line has no colon. */
export function parseHeaders(text: string): Record<string, string> | undefined {
  const headers: Record<string, string> = {}
  for (const line of text.split('\n')) {
    if (!line.trim()) continue
    const colon = line.indexOf(':')
    if (colon <= 0) return undefined
    headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim()
  }
  return headers
}

/** Produces one record: key, value (or a tombstone), headers, and a partition or the key's. */
export function ProduceForm({ topic, partitions, onProduced }: Props) {
  const [key, setKey] = useState('')
  const [value, setValue] = useState('')
  const [tombstone, setTombstone] = useState(false)
  const [headerText, setHeaderText] = useState('')
  const [partition, setPartition] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(undefined)
  const [produced, setProduced] = useState<Produced | undefined>(undefined)
  const headers = parseHeaders(headerText)

  const submit = async (event: Event) => {
    event.preventDefault()
    if (!headers) return
    setBusy(true)
    setError(undefined)
    setProduced(undefined)
    const record: WireRecord = {
      key: key === '' ? null : key,
      value: tombstone ? null : value,
      ...(Object.keys(headers).length > 0 ? { headers } : {}),
      ...(partition === '' ? {} : { partition: Number(partition) }),
    }
    try {
      const [landed] = await client().execute(produceRecords({ topic, body: { records: [record] } }))
      if (landed) setProduced({ partition: landed.partition, offset: landed.offset })
    } catch (err) {
      rememberRefusal('produce', topic, err)
      setError(err)
    } finally {
      setBusy(false)
    }
  }

  return (
    <details class="panel">
      <summary>Produce a record</summary>
      <form onSubmit={submit}>
        <div class="form-row">
          <div class="field">
            <label for="produce-key">Key</label>
            <input
              id="produce-key"
              value={key}
              onInput={(e) => setKey(e.currentTarget.value)}
              aria-describedby="produce-key-help"
            />
            <p id="produce-key-help" class="help">
              Empty for a null key.
            </p>
          </div>
          <div class="field">
            <label for="produce-partition">Partition</label>
            <select
              id="produce-partition"
              value={partition}
              onChange={(e) => setPartition(e.currentTarget.value)}
            >
              <option value="">by key (Kafka's partitioner)</option>
              {Array.from({ length: partitions }, (_, p) => (
                <option key={p} value={String(p)}>
                  {p}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div class="field">
          <label for="produce-value">Value</label>
          <textarea
            id="produce-value"
            rows={5}
            value={value}
            disabled={tombstone}
            spellcheck={false}
            onInput={(e) => setValue(e.currentTarget.value)}
          />
          <label class="check">
            <input
              type="checkbox"
              checked={tombstone}
              onChange={(e) => setTombstone(e.currentTarget.checked)}
            />
            null value (a tombstone)
          </label>
        </div>
        <div class="field">
          <label for="produce-headers">Headers</label>
          <textarea
            id="produce-headers"
            rows={2}
            value={headerText}
            spellcheck={false}
            onInput={(e) => setHeaderText(e.currentTarget.value)}
            aria-describedby="produce-headers-help"
            aria-invalid={headers ? undefined : 'true'}
          />
          <p id="produce-headers-help" class="help">
            One per line, <code>name: value</code>.
          </p>
        </div>
        <ActionButton
          type="submit"
          variant="primary"
          permission={permission('produce', topic)}
          busy={busy}
          disabled={!headers}
        >
          Produce
        </ActionButton>
      </form>
      <ErrorNote error={error} />
      {produced && (
        <StatusNote>
          Produced to partition {produced.partition} at offset {produced.offset}.{' '}
          <button
            type="button"
            class="button plain small"
            onClick={() => onProduced(produced.partition, produced.offset)}
          >
            Show it
          </button>
        </StatusNote>
      )}
    </details>
  )
}
