import type { SubscriptionDescription } from '@sluice/sdk'
import { useState } from 'preact/hooks'
import { client } from '../../api/connection.js'
import { type Permission, rememberRefusal } from '../../api/permissions.js'
import { ActionButton } from '../../components/ActionButton.js'
import { ErrorNote, StatusNote } from '../../components/Notice.js'
import { NumberField } from '../../components/NumberField.js'

interface Props {
  subscription: SubscriptionDescription
  permission: Permission | undefined
  onChanged: () => void
}

/** Changes how failed batches are retried; any change unblocks a blocked partition. */
export function RetryForm({ subscription, permission, onChanged }: Props) {
  const [maxAttempts, setMaxAttempts] = useState(String(subscription.retry.maxAttempts))
  const [minBackoffMs, setMinBackoffMs] = useState(String(subscription.retry.minBackoffMs))
  const [maxBackoffMs, setMaxBackoffMs] = useState(String(subscription.retry.maxBackoffMs))
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(undefined)
  const [done, setDone] = useState(false)

  const submit = async (event: Event) => {
    event.preventDefault()
    setBusy(true)
    setError(undefined)
    setDone(false)
    try {
      await client()
        .admin()
        .alterSubscription(subscription.name, {
          retry: {
            maxAttempts: Number(maxAttempts),
            minBackoffMs: Number(minBackoffMs),
            maxBackoffMs: Number(maxBackoffMs),
          },
        })
      setDone(true)
      onChanged()
    } catch (err) {
      rememberRefusal('changeSubscription', subscription.name, err)
      setError(err)
    } finally {
      setBusy(false)
    }
  }

  const blocked = subscription.partitions.some((p) => p.state === 'blocked')
  return (
    <section class="panel" aria-labelledby="retry-title">
      <h2 id="retry-title">Retry</h2>
      {blocked && (
        <p class="note warn">
          A partition is blocked on a record that failed alone; changing the retry unblocks it.
        </p>
      )}
      <form class="form-row" onSubmit={submit}>
        <NumberField
          id="retry-attempts"
          label="Attempts"
          min={-1}
          max={1000}
          value={maxAttempts}
          onInput={setMaxAttempts}
          help="1 to 1,000; -1 retries forever."
        />
        <NumberField
          id="retry-min"
          label="Min backoff (ms)"
          min={0}
          value={minBackoffMs}
          onInput={setMinBackoffMs}
        />
        <NumberField
          id="retry-max"
          label="Max backoff (ms)"
          min={0}
          value={maxBackoffMs}
          onInput={setMaxBackoffMs}
        />
        <ActionButton type="submit" permission={permission} busy={busy}>
          Change retry
        </ActionButton>
      </form>
      <ErrorNote error={error} />
      {done && <StatusNote>Retry changed.</StatusNote>}
    </section>
  )
}
