import { describeTopic, listGroups } from '@sluice/sdk'
import { useState } from 'preact/hooks'
import { client } from '../../api/connection.js'
import { isNoRoute } from '../../api/errors.js'
import { permission } from '../../api/permissions.js'
import { DeletedNotice, DetailHeading } from '../../components/DetailHeading.js'
import { WhenLoaded } from '../../components/WhenLoaded.js'
import { formatCount, formatRetention, formatTimestamp } from '../../lib/format.js'
import { href } from '../../lib/route.js'
import { useLoader } from '../../lib/use-loader.js'
import { DeleteTopic } from './DeleteTopic.js'
import { TopicSettings } from './TopicSettings.js'

const POLL_MS = 3000

/** One topic: its partitions' offsets, who reads it, and its settings. */
export function TopicDetail({ name }: { name: string }) {
  const topic = useLoader((signal) => client().execute(describeTopic(name), { signal }), [name], POLL_MS)
  const readers = useLoader(() => loadReaders(name), [name])
  const [deleted, setDeleted] = useState(false)
  const admin = permission('adminTopic', name)

  if (deleted) return <DeletedNotice kind="Topic" page="topics" name={name} />
  return (
    <>
      <DetailHeading page="topics" pageTitle="Topics" name={name} />
      <WhenLoaded loaded={topic} what="the topic">
        {(value) => (
          <>
            <p class="muted">
              {value.partitions} partitions · retention {formatRetention(value.retentionMs)} · created{' '}
              {formatTimestamp(value.createdAt)}
            </p>
            <table>
              <caption>Partitions</caption>
              <thead>
                <tr>
                  <th scope="col" class="num">
                    Partition
                  </th>
                  <th scope="col" class="num">
                    Start offset
                  </th>
                  <th scope="col" class="num">
                    End offset
                  </th>
                  <th scope="col" class="num">
                    Records held
                  </th>
                  <th scope="col">
                    <span class="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {value.offsets.map((p) => (
                  <tr key={p.partition}>
                    <th scope="row" class="num">
                      {p.partition}
                    </th>
                    <td class="num">{formatCount(p.startOffset)}</td>
                    <td class="num">{formatCount(p.endOffset)}</td>
                    <td class="num">{formatCount(p.endOffset - p.startOffset)}</td>
                    <td>
                      <a href={href('messages', name, { partition: p.partition })}>
                        Browse partition {p.partition}
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {readers.value && <Readers readers={readers.value} />}
            <TopicSettings topic={value} permission={admin} onChanged={topic.reload} />
            <DeleteTopic name={name} permission={admin} onDeleted={() => setDeleted(true)} />
          </>
        )}
      </WhenLoaded>
    </>
  )
}

interface TopicReaders {
  groups: string[]
  /** `undefined` when the service does not serve subscriptions. */
  subscriptions: string[] | undefined
}

async function loadReaders(topic: string): Promise<TopicReaders> {
  const sluice = client()
  const groups = (await sluice.execute(listGroups()))
    .filter((g) => g.topics.includes(topic))
    .map((g) => g.group)
  const subscriptions = await sluice
    .admin()
    .listSubscriptions()
    .then((all) => all.filter((s) => s.topic === topic || s.deadLetterTopic === topic).map((s) => s.name))
    .catch((error: unknown) => {
      if (isNoRoute(error)) return undefined
      throw error
    })
  return { groups, subscriptions }
}

function Readers({ readers }: { readers: TopicReaders }) {
  return (
    <section class="panel" aria-labelledby="readers-title">
      <h2 id="readers-title">Read by</h2>
      {readers.groups.length === 0 && !readers.subscriptions?.length ? (
        <p class="muted">No group or subscription has read this topic.</p>
      ) : (
        <ul class="plain-list">
          {readers.groups.map((g) => (
            <li key={`g-${g}`}>
              Group <a href={href('groups', g)}>{g}</a>
            </li>
          ))}
          {readers.subscriptions?.map((s) => (
            <li key={`s-${s}`}>
              Subscription <a href={href('subscriptions', s)}>{s}</a>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
