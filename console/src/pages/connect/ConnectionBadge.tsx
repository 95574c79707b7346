import { connection, disconnect } from '../../api/connection.js'

/** Which service and key the console uses, and the way to change them. */
export function ConnectionBadge() {
  const current = connection.value
  if (!current) return null
  const key = current.apiKey ? `key …${current.apiKey.slice(-4)}` : 'no key (auth off)'
  return (
    <div class="connection">
      <span class="muted" title={current.url}>
        {new URL(current.url).host} · {key}
      </span>
      <button type="button" class="button plain small" onClick={disconnect}>
        Change connection
      </button>
    </div>
  )
}
