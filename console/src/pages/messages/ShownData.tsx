import { useState } from 'preact/hooks'
import type { Shown } from '../../lib/record-view.js'

/** A key or value: pretty JSON, text, or bytes as hex or base64 (a button switches). */
export function ShownData({ shown }: { shown: Shown }) {
  const [base64, setBase64] = useState(false)
  switch (shown.kind) {
    case 'null':
      return <span class="muted">null</span>
    case 'json':
      return <pre class="data json">{shown.text}</pre>
    case 'text':
      return <pre class="data">{shown.text}</pre>
    case 'binary':
      return (
        <div>
          <span class="badge">{shown.length} bytes</span>{' '}
          <button type="button" class="button plain small" onClick={() => setBase64(!base64)}>
            Show as {base64 ? 'hex' : 'base64'}
          </button>
          <pre class="data binary">{base64 ? shown.base64 : shown.hex}</pre>
        </div>
      )
  }
}
