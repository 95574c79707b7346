import { groupLag, isActive, subscriptionLag } from '../../api/cluster.js'
import { ErrorNote, Loading } from '../../components/Notice.js'
import { TimeSeriesChart } from '../../components/TimeSeriesChart.js'
import { formatCount, formatRate } from '../../lib/format.js'
import { href } from '../../lib/route.js'
import { type ClusterSnapshot, useClusterHistory, WINDOW_MS } from './use-cluster-history.js'

/** The cluster at a glance: what there is, what flows, and who is behind. */
export function OverviewPage() {
  const { snapshot, series, error } = useClusterHistory()
  return (
    <>
      <h1>Overview</h1>
      <ErrorNote error={error} />
      {snapshot ? <Summary snapshot={snapshot} /> : !error && <Loading what="the cluster" />}
      <section class="panel" aria-labelledby="throughput-title">
        <h2 id="throughput-title">Records per second</h2>
        <p class="help">
          From end offsets (in) and groups' committed offsets (out), read every few seconds while this page is
          open (less often on a large cluster); the last {WINDOW_MS / 60_000} minutes.
        </p>
        <TimeSeriesChart
          title="Records per second"
          times={series.times}
          series={[
            { label: 'In', colorVar: '--series-in', values: series.inPerSecond },
            { label: 'Out', colorVar: '--series-out', values: series.outPerSecond },
          ]}
          format={formatRate}
        />
      </section>
      {snapshot && <Attention snapshot={snapshot} />}
    </>
  )
}

function Summary({ snapshot }: { snapshot: ClusterSnapshot }) {
  const { topics, groups, subscriptions } = snapshot
  const partitions = topics.reduce((sum, t) => sum + t.partitions, 0)
  const held = topics.reduce(
    (sum, t) => sum + t.offsets.reduce((s, p) => s + p.endOffset - p.startOffset, 0),
    0,
  )
  const lag = groups.reduce((sum, g) => sum + groupLag(g), 0)
  const active = groups.filter(isActive).length
  return (
    <dl class="stats">
      <Stat
        label="Topics"
        value={formatCount(topics.length)}
        detail={`${formatCount(partitions)} partitions`}
        link={href('topics')}
      />
      <Stat label="Records held" value={formatCount(held)} detail="across all partitions" />
      <Stat
        label="Groups"
        value={formatCount(groups.length)}
        detail={`${formatCount(active)} active`}
        link={href('groups')}
      />
      <Stat label="Total lag" value={formatCount(lag)} detail="records not yet committed" />
      <Stat
        label="Subscriptions"
        value={subscriptions ? formatCount(subscriptions.length) : '–'}
        detail={
          subscriptions
            ? `${formatCount(subscriptions.filter((s) => s.paused).length)} paused`
            : 'not served by this service'
        }
        link={href('subscriptions')}
      />
    </dl>
  )
}

function Stat({
  label,
  value,
  detail,
  link,
}: {
  label: string
  value: string
  detail: string
  link?: string
}) {
  return (
    <div class="stat">
      <dt>{link ? <a href={link}>{label}</a> : label}</dt>
      <dd>
        <span class="value">{value}</span>
        <span class="muted">{detail}</span>
      </dd>
    </div>
  )
}

/** The groups furthest behind, and the subscriptions that are not delivering as they should. */
function Attention({ snapshot }: { snapshot: ClusterSnapshot }) {
  const behind = snapshot.groups
    .map((g) => ({ group: g.group, lag: groupLag(g), active: isActive(g) }))
    .filter((g) => g.lag > 0)
    .sort((a, b) => b.lag - a.lag)
    .slice(0, 5)
  const troubled = (snapshot.subscriptions ?? []).filter((s) =>
    s.partitions.some((p) => p.state === 'blocked' || p.state === 'retrying'),
  )
  return (
    <div class="columns">
      <section class="panel" aria-labelledby="behind-title">
        <h2 id="behind-title">Groups furthest behind</h2>
        {behind.length === 0 ? (
          <p class="muted">No group has lag.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Group</th>
                <th scope="col" class="num">
                  Lag
                </th>
                <th scope="col">State</th>
              </tr>
            </thead>
            <tbody>
              {behind.map((g) => (
                <tr key={g.group}>
                  <td>
                    <a href={href('groups', g.group)}>{g.group}</a>
                  </td>
                  <td class="num">{formatCount(g.lag)}</td>
                  <td>{g.active ? 'active' : 'idle'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section class="panel" aria-labelledby="troubled-title">
        <h2 id="troubled-title">Subscriptions needing attention</h2>
        {snapshot.subscriptions === null ? (
          <p class="muted">This service does not serve subscriptions.</p>
        ) : troubled.length === 0 ? (
          <p class="muted">Every subscription is delivering or idle.</p>
        ) : (
          <ul class="plain-list">
            {troubled.map((s) => (
              <li key={s.name}>
                <a href={href('subscriptions', s.name)}>{s.name}</a>{' '}
                <span class="muted">
                  {s.partitions.filter((p) => p.state === 'blocked').length} blocked,{' '}
                  {s.partitions.filter((p) => p.state === 'retrying').length} retrying · lag{' '}
                  {formatCount(subscriptionLag(s))}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  )
}
