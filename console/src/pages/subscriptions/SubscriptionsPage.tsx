import { loadSubscriptions, subscriptionLag } from '../../api/cluster.js'
import { WhenLoaded } from '../../components/WhenLoaded.js'
import { formatCount } from '../../lib/format.js'
import { href } from '../../lib/route.js'
import { useLoader } from '../../lib/use-loader.js'
import { SubscriptionDetail } from './SubscriptionDetail.js'
import { stateSummary, targetText } from './subscription-text.js'

const POLL_MS = 3000

/** Every subscription (push delivery): target, state and lag; one subscription's page when `name` is given. */
export function SubscriptionsPage({ name }: { name: string | undefined }) {
  if (name !== undefined) return <SubscriptionDetail key={name} name={name} />
  return <SubscriptionList />
}

function SubscriptionList() {
  const subscriptions = useLoader((signal) => loadSubscriptions(signal), [], POLL_MS)
  return (
    <>
      <h1>Subscriptions</h1>
      <p class="muted">
        Topics pushed to webhooks and Lambda functions, partition by partition. Create them with the SDK or{' '}
        <code>sluice subscriptions create</code>.
      </p>
      <WhenLoaded loaded={subscriptions} what="subscriptions">
        {(list) =>
          list === null ? (
            <p class="muted">This service does not serve subscriptions.</p>
          ) : list.length === 0 ? (
            <p class="muted">No subscriptions yet (or none this key may read).</p>
          ) : (
            <table>
              <caption class="visually-hidden">Subscriptions</caption>
              <thead>
                <tr>
                  <th scope="col">Subscription</th>
                  <th scope="col">Topic</th>
                  <th scope="col">Target</th>
                  <th scope="col">State</th>
                  <th scope="col" class="num">
                    Lag
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.map((s) => (
                  <tr key={s.name}>
                    <th scope="row">
                      <a href={href('subscriptions', s.name)}>{s.name}</a>
                    </th>
                    <td>
                      <a href={href('topics', s.topic)}>{s.topic}</a>
                    </td>
                    <td class="wrap">{targetText(s.target)}</td>
                    <td>{stateSummary(s)}</td>
                    <td class="num">{formatCount(subscriptionLag(s))}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </WhenLoaded>
    </>
  )
}
