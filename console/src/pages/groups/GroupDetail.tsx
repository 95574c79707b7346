import { describeGroup, type GroupDescription } from '@sluice/sdk'
import { useRef, useState } from 'preact/hooks'
import { groupLag, isActive } from '../../api/cluster.js'
import { client } from '../../api/connection.js'
import { permission } from '../../api/permissions.js'
import { DeletedNotice, DetailHeading } from '../../components/DetailHeading.js'
import { TimeSeriesChart } from '../../components/TimeSeriesChart.js'
import { WhenLoaded } from '../../components/WhenLoaded.js'
import { formatCount, formatRelative } from '../../lib/format.js'
import { href } from '../../lib/route.js'
import { keepWindow } from '../../lib/throughput.js'
import { useLoader } from '../../lib/use-loader.js'
import { DeleteGroup } from './DeleteGroup.js'
import { ResetOffsetsForm } from './ResetOffsetsForm.js'

const POLL_MS = 2000
const WINDOW_MS = 5 * 60_000

interface LagPoint {
  at: number
  byTopic: Map<string, number>
}

/** One group: members, leases and lag per partition, lag over time, and resetting or deleting it. */
export function GroupDetail({ name }: { name: string }) {
  const history = useRef<LagPoint[]>([])
  const group = useLoader(
    async (signal) => {
      const described = await client().execute(describeGroup(name), { signal })
      history.current = keepWindow([...history.current, lagPoint(described)], WINDOW_MS)
      return described
    },
    [name],
    POLL_MS,
  )
  const [deleted, setDeleted] = useState(false)
  const admin = permission('adminGroup', name)

  if (deleted) return <DeletedNotice kind="Group" page="groups" name={name} />
  return (
    <>
      <DetailHeading page="groups" pageTitle="Consumer groups" name={name} />
      <WhenLoaded loaded={group} what="the group">
        {(value) => (
          <>
            <p class="muted">
              {isActive(value) ? 'Active: a lease is live' : 'Idle: no live lease'} · {value.members.length}{' '}
              members · lag {formatCount(groupLag(value))}
            </p>
            <LagChart group={value} history={history.current} />
            <Members group={value} />
            {value.topics.map((t) => (
              <Partitions key={t.topic} topic={t} />
            ))}
            <ResetOffsetsForm group={value} permission={admin} onReset={group.reload} />
            <DeleteGroup name={name} permission={admin} onDeleted={() => setDeleted(true)} />
          </>
        )}
      </WhenLoaded>
    </>
  )
}

function lagPoint(group: GroupDescription): LagPoint {
  const byTopic = new Map<string, number>()
  for (const t of group.topics)
    byTopic.set(
      t.topic,
      t.partitions.reduce((sum, p) => sum + (p.lag ?? 0), 0),
    )
  return { at: Date.now(), byTopic }
}

const SERIES_COLORS = ['--series-1', '--series-2', '--series-3', '--series-4'] as const

function LagChart({ group, history }: { group: GroupDescription; history: LagPoint[] }) {
  const topics = group.topics.map((t) => t.topic)
  return (
    <section class="panel" aria-labelledby="lag-title">
      <h2 id="lag-title">Lag over time</h2>
      <p class="help">Per topic, read every {POLL_MS / 1000} s while this page is open.</p>
      <TimeSeriesChart
        title={`Lag of group ${group.group}`}
        times={history.map((p) => p.at / 1000)}
        series={topics.map((topic, i) => ({
          label: topic,
          colorVar: SERIES_COLORS[i % SERIES_COLORS.length] as string,
          values: history.map((p) => p.byTopic.get(topic) ?? 0),
        }))}
        format={formatCount}
      />
    </section>
  )
}

function Members({ group }: { group: GroupDescription }) {
  const now = Date.now()
  return (
    <section class="panel" aria-labelledby="members-title">
      <h2 id="members-title">Members</h2>
      {group.members.length === 0 ? (
        <p class="muted">No live member.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Member</th>
              <th scope="col">Topics</th>
              <th scope="col">Session ends</th>
            </tr>
          </thead>
          <tbody>
            {group.members.map((m) => (
              <tr key={m.memberId}>
                <th scope="row">
                  <code>{m.memberId}</code>
                </th>
                <td>{m.topics.join(', ')}</td>
                <td>{formatRelative(m.expiresAt, now)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}

function Partitions({ topic }: { topic: GroupDescription['topics'][number] }) {
  const now = Date.now()
  return (
    <section class="panel" aria-label={`Topic ${topic.topic}`}>
      <table>
        <caption>
          Topic <a href={href('topics', topic.topic)}>{topic.topic}</a>
        </caption>
        <thead>
          <tr>
            <th scope="col" class="num">
              Partition
            </th>
            <th scope="col" class="num">
              Committed
            </th>
            <th scope="col" class="num">
              End
            </th>
            <th scope="col" class="num">
              Lag
            </th>
            <th scope="col">Lease owner</th>
            <th scope="col" class="num">
              Epoch
            </th>
            <th scope="col">Lease expires</th>
          </tr>
        </thead>
        <tbody>
          {topic.partitions.map((p) => (
            <tr key={p.partition}>
              <th scope="row" class="num">
                {p.partition}
              </th>
              <td class="num">{formatCount(p.committedOffset)}</td>
              <td class="num">{formatCount(p.endOffset)}</td>
              <td class="num" data-testid={`lag-${topic.topic}-${p.partition}`}>
                {formatCount(p.lag)}
              </td>
              <td>{p.owner ? <code>{p.owner}</code> : <span class="muted">none</span>}</td>
              <td class="num">{p.epoch}</td>
              <td>{p.leaseExpiresAt === null ? '–' : formatRelative(p.leaseExpiresAt, now)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
