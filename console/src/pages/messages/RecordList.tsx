import { useState } from 'preact/hooks'
import { matches, type RecordFilter, type ShownRecord } from '../../lib/records.js'
import { RecordCard } from './RecordCard.js'

/** The records loaded, filtered by key or by text anywhere in them. */
export function RecordList({
  topic,
  records,
  empty,
}: {
  topic: string
  records: ShownRecord[]
  empty: string
}) {
  const [filter, setFilter] = useState<RecordFilter>({ scope: 'any', text: '' })
  const shown = records.filter((r) => matches(r, filter))
  return (
    <section aria-label="Records">
      <search class="form-row filter">
        <div class="field">
          <label for="record-filter">Filter loaded records</label>
          <input
            id="record-filter"
            type="search"
            value={filter.text}
            onInput={(e) => setFilter({ ...filter, text: e.currentTarget.value })}
          />
        </div>
        <div class="field">
          <label for="record-filter-scope">in</label>
          <select
            id="record-filter-scope"
            value={filter.scope}
            onChange={(e) => setFilter({ ...filter, scope: e.currentTarget.value as RecordFilter['scope'] })}
          >
            <option value="any">key, value and headers</option>
            <option value="key">key only</option>
          </select>
        </div>
        <p class="muted" aria-live="polite">
          {filter.text ? `${shown.length} of ${records.length} records match` : `${records.length} records`}
        </p>
      </search>
      {records.length === 0 ? (
        <p class="muted">{empty}</p>
      ) : (
        <ol class="records">
          {shown.map((r) => (
            <RecordCard key={`${r.partition}-${r.offset}`} topic={topic} record={r} />
          ))}
        </ol>
      )}
    </section>
  )
}
