import { useState } from 'preact/hooks'
import { connect } from '../../api/connection.js'
import { ErrorNote } from '../../components/Notice.js'

/** Asks for the service's URL and an API key; the key stays in this tab's session storage only. */
export function ConnectPage({ restoreError }: { restoreError: string | undefined }) {
  const [url, setUrl] = useState(location.origin)
  const [apiKey, setApiKey] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(restoreError)

  const submit = async (event: Event) => {
    event.preventDefault()
    setBusy(true)
    setError(undefined)
    try {
      await connect(url, apiKey)
    } catch (err) {
      setError(err)
      setBusy(false)
    }
  }

  return (
    <main id="main" class="connect">
      <h1>Connect to Sluice</h1>
      <p class="muted">
        The console talks to a Sluice service's HTTP API: this one, or a deployed stack (its <code>Url</code>{' '}
        output). The key is kept in this browser tab only, and sent to that service only.
      </p>
      <form class="panel" onSubmit={submit}>
        <div class="field">
          <label for="connect-url">Service URL</label>
          <input
            id="connect-url"
            type="url"
            required
            value={url}
            onInput={(e) => setUrl(e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="connect-key">API key</label>
          <input
            id="connect-key"
            type="password"
            autocomplete="off"
            value={apiKey}
            onInput={(e) => setApiKey(e.currentTarget.value)}
            aria-describedby="connect-key-help"
          />
          <p id="connect-key-help" class="help">
            Leave empty for a local server without auth. A deployed stack's root key:{' '}
            <code>RootKeyCommand</code> output.
          </p>
        </div>
        <ErrorNote error={error} />
        <button type="submit" class="button primary" disabled={busy}>
          {busy ? 'Connecting…' : 'Connect'}
        </button>
      </form>
    </main>
  )
}
