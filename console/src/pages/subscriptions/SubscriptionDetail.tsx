import type { SubscriptionDescription } from '@sluice/sdk'
import { useState } from 'preact/hooks'
import { subscriptionLag } from '../../api/cluster.js'
import { client } from '../../api/connection.js'
import { permission, rememberRefusal } from '../../api/permissions.js'
import { ActionButton } from '../../components/ActionButton.js'
import { DetailHeading } from '../../components/DetailHeading.js'
import { ErrorNote } from '../../components/Notice.js'
import { WhenLoaded } from '../../components/WhenLoaded.js'
import { formatCount, formatDuration, formatRelative, formatTimestamp } from '../../lib/format.js'
import { href } from '../../lib/route.js'
import { useLoader } from '../../lib/use-loader.js'
import { RetryForm } from './RetryForm.js'
import { stateSummary, targetText } from './subscription-text.js'

const POLL_MS = 2000

/** One subscription: its settings, each partition's delivery, and pausing, resuming or changing its retry. */
export function SubscriptionDetail({ name }: { name: string }) {
  const subscription = useLoader(() => client().admin().describeSubscription(name), [name], POLL_MS)
  return (
    <>
      <DetailHeading page="subscriptions" pageTitle="Subscriptions" name={name} />
      <WhenLoaded loaded={subscription} what="the subscription">
        {(value) => (
          <>
            <p class="muted" data-testid="subscription-state">
              {stateSummary(value)} · lag {formatCount(subscriptionLag(value))}
            </p>
            <PauseResume subscription={value} onChanged={subscription.reload} />
            <Settings subscription={value} />
            <Partitions subscription={value} />
            <RetryForm
              subscription={value}
              permission={permission('changeSubscription', name)}
              onChanged={subscription.reload}
            />
          </>
        )}
      </WhenLoaded>
    </>
  )
}

function PauseResume({
  subscription,
  onChanged,
}: {
  subscription: SubscriptionDescription
  onChanged: () => void
}) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(undefined)
  const toggle = async () => {
    setBusy(true)
    setError(undefined)
    try {
      await client().admin().alterSubscription(subscription.name, { paused: !subscription.paused })
      onChanged()
    } catch (err) {
      rememberRefusal('changeSubscription', subscription.name, err)
      setError(err)
    } finally {
      setBusy(false)
    }
  }
  return (
    <div class="toolbar">
      <ActionButton
        variant="primary"
        permission={permission('changeSubscription', subscription.name)}
        busy={busy}
        onClick={toggle}
      >
        {subscription.paused ? 'Resume delivery' : 'Pause delivery'}
      </ActionButton>
      <p class="help">
        {subscription.paused
          ? 'Paused: nothing is delivered; resuming continues from the committed offsets.'
          : 'Pausing stops new deliveries; one in flight finishes.'}
      </p>
      <ErrorNote error={error} />
    </div>
  )
}

function Settings({ subscription: s }: { subscription: SubscriptionDescription }) {
  const startAt = typeof s.startAt === 'string' ? s.startAt : formatTimestamp(s.startAt.timestamp)
  return (
    <section class="panel" aria-labelledby="sub-settings-title">
      <h2 id="sub-settings-title">Settings</h2>
      <dl class="settings">
        <dt>Topic</dt>
        <dd>
          <a href={href('topics', s.topic)}>{s.topic}</a>
        </dd>
        <dt>Group</dt>
        <dd>
          <a href={href('groups', s.group)}>{s.group}</a>
        </dd>
        <dt>Target</dt>
        <dd class="wrap">{targetText(s.target)}</dd>
        <dt>Delivery</dt>
        <dd>
          {s.delivery}, batches of up to {formatCount(s.batch.maxRecords)} records
          {s.batch.maxWaitMs > 0 ? `, waiting up to ${formatDuration(s.batch.maxWaitMs)}` : ''}
        </dd>
        <dt>Retry</dt>
        <dd>
          {s.retry.maxAttempts === -1 ? 'forever' : `${s.retry.maxAttempts} attempts`}, backoff{' '}
          {formatDuration(s.retry.minBackoffMs)} to {formatDuration(s.retry.maxBackoffMs)}
        </dd>
        <dt>Dead-letter topic</dt>
        <dd>
          {s.deadLetterTopic ? (
            <a href={href('messages', s.deadLetterTopic)}>{s.deadLetterTopic}</a>
          ) : (
            <span class="muted">none: a record that fails alone blocks its partition</span>
          )}
        </dd>
        <dt>Started at</dt>
        <dd>{startAt}</dd>
      </dl>
    </section>
  )
}

function Partitions({ subscription }: { subscription: SubscriptionDescription }) {
  const now = Date.now()
  return (
    <section class="panel">
      <table>
        <caption>Delivery per partition</caption>
        <thead>
          <tr>
            <th scope="col" class="num">
              Partition
            </th>
            <th scope="col">State</th>
            <th scope="col" class="num">
              Committed
            </th>
            <th scope="col" class="num">
              End
            </th>
            <th scope="col" class="num">
              Lag
            </th>
            <th scope="col" class="num">
              Attempts
            </th>
            <th scope="col">Last error</th>
            <th scope="col">Next attempt</th>
          </tr>
        </thead>
        <tbody>
          {subscription.partitions.map((p) => (
            <tr key={p.partition}>
              <th scope="row" class="num">
                {p.partition}
              </th>
              <td>
                <span class={`state state-${p.state}`}>{p.state}</span>
              </td>
              <td class="num">{formatCount(p.committedOffset)}</td>
              <td class="num">{formatCount(p.endOffset)}</td>
              <td class="num">{formatCount(p.lag)}</td>
              <td class="num">{p.attempts}</td>
              <td class="wrap">{p.lastError ?? <span class="muted">none</span>}</td>
              <td>{p.nextAttemptAt === null ? '–' : formatRelative(p.nextAttemptAt, now)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
