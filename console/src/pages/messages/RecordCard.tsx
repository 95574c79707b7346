import { CopyButton } from '../../components/CopyButton.js'
import { formatTimestamp } from '../../lib/format.js'
import { recordJson, type ShownRecord } from '../../lib/records.js'
import { ShownData } from './ShownData.js'

/** One record: where it is, when, its key and headers, and its value. */
export function RecordCard({ topic, record }: { topic: string; record: ShownRecord }) {
  const headers = Object.entries(record.headers)
  return (
    <li class="record">
      <div class="record-meta">
        <span>
          <span class="muted">offset</span> <strong>{record.offset}</strong>
        </span>
        <span>
          <span class="muted">partition</span> {record.partition}
        </span>
        <time dateTime={new Date(record.timestamp).toISOString()}>{formatTimestamp(record.timestamp)}</time>
        <CopyButton label="Copy as JSON" text={() => recordJson(topic, record)} />
      </div>
      <dl class="record-fields">
        <dt>Key</dt>
        <dd>
          <ShownData shown={record.key} />
        </dd>
        {headers.length > 0 && (
          <>
            <dt>Headers</dt>
            <dd>
              <ul class="chips">
                {headers.map(([name, value]) => (
                  <li key={name}>
                    <span class="muted">{name}:</span> {value}
                  </li>
                ))}
              </ul>
            </dd>
          </>
        )}
        <dt>Value</dt>
        <dd>
          <ShownData shown={record.value} />
        </dd>
      </dl>
    </li>
  )
}
