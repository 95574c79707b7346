import { useState } from 'preact/hooks'
import { NumberField } from '../../components/NumberField.js'
import { parseLocalDateTime } from '../../lib/format.js'
import type { BrowseStart } from './use-record-pages.js'

interface Props {
  partitions: number
  pageSizes: readonly number[]
  query: { partition: number; pageSize: number; start: BrowseStart }
  onBrowse: (query: { partition: number; pageSize: number; start: BrowseStart }) => void
}

type Mode = BrowseStart['mode']

/** Which partition, where to start (earliest, latest, an offset, a time) and how many records a page. */
export function BrowseForm({ partitions, pageSizes, query, onBrowse }: Props) {
  const { partition, pageSize, start } = query
  const [mode, setMode] = useState<Mode>(start.mode)
  const [chosenPartition, setChosenPartition] = useState(String(partition))
  const [offset, setOffset] = useState(start.mode === 'offset' ? String(start.offset) : '0')
  const [time, setTime] = useState('')
  const [size, setSize] = useState(String(pageSize))

  const submit = (event: Event) => {
    event.preventDefault()
    const chosen = chosenStart(mode, offset, time)
    if (chosen) onBrowse({ partition: Number(chosenPartition), pageSize: Number(size), start: chosen })
  }

  return (
    <form class="panel form-row" onSubmit={submit} aria-label="Where to read">
      <div class="field">
        <label for="browse-partition">Partition</label>
        <select
          id="browse-partition"
          value={chosenPartition}
          onChange={(e) => setChosenPartition(e.currentTarget.value)}
        >
          {Array.from({ length: partitions }, (_, p) => (
            <option key={p} value={String(p)}>
              {p}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="browse-mode">Start at</label>
        <select id="browse-mode" value={mode} onChange={(e) => setMode(e.currentTarget.value as Mode)}>
          <option value="latest">latest (last page)</option>
          <option value="earliest">earliest</option>
          <option value="offset">offset</option>
          <option value="timestamp">time</option>
        </select>
      </div>
      {mode === 'offset' && (
        <NumberField id="browse-offset" label="Offset" min={0} value={offset} onInput={setOffset} />
      )}
      {mode === 'timestamp' && (
        <div class="field">
          <label for="browse-time">Time (local)</label>
          <input
            id="browse-time"
            type="datetime-local"
            step="1"
            required
            value={time}
            onInput={(e) => setTime(e.currentTarget.value)}
          />
        </div>
      )}
      <div class="field">
        <label for="browse-size">Records a page</label>
        <select id="browse-size" value={size} onChange={(e) => setSize(e.currentTarget.value)}>
          {pageSizes.map((n) => (
            <option key={n} value={String(n)}>
              {n}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" class="button primary">
        Read
      </button>
    </form>
  )
}

function chosenStart(mode: Mode, offset: string, time: string): BrowseStart | undefined {
  switch (mode) {
    case 'offset':
      return /^\d+$/.test(offset) ? { mode, offset: Number(offset) } : undefined
    case 'timestamp': {
      const timestamp = parseLocalDateTime(time)
      return timestamp === undefined ? undefined : { mode, timestamp }
    }
    default:
      return { mode }
  }
}
