import { loadTopics } from '../../api/cluster.js'
import { WhenListLoaded } from '../../components/WhenLoaded.js'
import { formatCount, formatRetention } from '../../lib/format.js'
import { href } from '../../lib/route.js'
import { useLoader } from '../../lib/use-loader.js'
import { CreateTopicForm } from './CreateTopicForm.js'
import { TopicDetail } from './TopicDetail.js'

const POLL_MS = 5000

/** Every topic with its partitions, retention and offsets; one topic's page when `name` is given. */
export function TopicsPage({ name }: { name: string | undefined }) {
  if (name !== undefined) return <TopicDetail key={name} name={name} />
  return <TopicList />
}

function TopicList() {
  const topics = useLoader((signal) => loadTopics(signal), [], POLL_MS)
  return (
    <>
      <h1>Topics</h1>
      <CreateTopicForm onCreated={topics.reload} />
      <WhenListLoaded loaded={topics} what="topics" empty="No topics yet (or none this key has a grant on).">
        {(items) => (
          <table>
            <caption class="visually-hidden">Topics</caption>
            <thead>
              <tr>
                <th scope="col">Topic</th>
                <th scope="col" class="num">
                  Partitions
                </th>
                <th scope="col">Retention</th>
                <th scope="col" class="num">
                  Start offsets
                </th>
                <th scope="col" class="num">
                  End offsets
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
              {items.map((topic) => {
                const starts = topic.offsets.map((p) => p.startOffset)
                const ends = topic.offsets.map((p) => p.endOffset)
                const held = topic.offsets.reduce((sum, p) => sum + p.endOffset - p.startOffset, 0)
                return (
                  <tr key={topic.name}>
                    <th scope="row">
                      <a href={href('topics', topic.name)}>{topic.name}</a>
                    </th>
                    <td class="num">{topic.partitions}</td>
                    <td>{formatRetention(topic.retentionMs)}</td>
                    <td class="num">{offsetsSummary(starts)}</td>
                    <td class="num">{offsetsSummary(ends)}</td>
                    <td class="num">{formatCount(held)}</td>
                    <td>
                      <a href={href('messages', topic.name)}>Browse messages</a>
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        )}
      </WhenListLoaded>
    </>
  )
}

/** One partition's offset, or a few partitions' as a list, or many as their range. */
function offsetsSummary(offsets: number[]): string {
  if (offsets.length <= 4) return offsets.map(formatCount).join(' · ')
  return `${formatCount(Math.min(...offsets))} – ${formatCount(Math.max(...offsets))}`
}
