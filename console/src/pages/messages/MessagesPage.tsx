import { describeTopic, listTopics } from '@sluice/sdk'
import { useEffect, useState } from 'preact/hooks'
import { client } from '../../api/connection.js'
import { ErrorNote, Loading } from '../../components/Notice.js'
import { href } from '../../lib/route.js'
import { useLoader } from '../../lib/use-loader.js'
import { route } from '../../router.js'
import { BrowseForm } from './BrowseForm.js'
import { ProduceForm } from './ProduceForm.js'
import { RecordList } from './RecordList.js'
import { useLiveTail } from './use-live-tail.js'
import { type BrowseStart, useRecordPages } from './use-record-pages.js'

/** A topic's records: browse a partition page by page, follow it live, and produce to it. */
export function MessagesPage({ topic }: { topic: string | undefined }) {
  const topics = useLoader((signal) => client().execute(listTopics(), { signal }), [])
  return (
    <>
      <h1>Messages</h1>
      <div class="field">
        <label for="messages-topic">Topic</label>
        <select
          id="messages-topic"
          value={topic ?? ''}
          onChange={(e) => {
            location.hash = href('messages', e.currentTarget.value)
          }}
        >
          <option value="" disabled>
            Choose a topic
          </option>
          {topic && !topics.value?.some((t) => t.name === topic) && <option value={topic}>{topic}</option>}
          {topics.value?.map((t) => (
            <option key={t.name} value={t.name}>
              {t.name}
            </option>
          ))}
        </select>
      </div>
      <ErrorNote error={topics.error} />
      {/* A link to another partition or offset (`?partition=&offset=`) starts the browser over there. */}
      {topic && <TopicMessages key={`${topic}?${route.value.params}`} topic={topic} />}
    </>
  )
}

function TopicMessages({ topic }: { topic: string }) {
  const described = useLoader((signal) => client().execute(describeTopic(topic), { signal }), [topic])
  if (described.error) return <ErrorNote error={described.error} />
  if (!described.value) return <Loading what="the topic" />
  return <Browser topic={topic} partitions={described.value.partitions} />
}

/** The start a link asked for (`?partition=&offset=`), else the partition's last page. */
function startFromRoute(): { partition: number; start: BrowseStart } {
  const params = route.value.params
  const partition = Number(params.get('partition') ?? 0)
  const offset = params.get('offset')
  return {
    partition: Number.isInteger(partition) && partition >= 0 ? partition : 0,
    start:
      offset !== null && /^\d+$/.test(offset)
        ? { mode: 'offset', offset: Number(offset) }
        : { mode: 'latest' },
  }
}

const PAGE_SIZES = [20, 50, 100] as const

interface Query {
  partition: number
  pageSize: number
  start: BrowseStart
}

function Browser({ topic, partitions }: { topic: string; partitions: number }) {
  const [query, setQuery] = useState<Query>(() => {
    const initial = startFromRoute()
    return {
      partition: Math.min(initial.partition, partitions - 1),
      pageSize: PAGE_SIZES[0],
      start: initial.start,
    }
  })
  // Bumped when something other than the form moves the browser, so that the form shows where it is.
  const [formVersion, setFormVersion] = useState(0)
  const [tailing, setTailing] = useState(false)
  const pages = useRecordPages(topic, query.partition, query.pageSize)
  const tail = useLiveTail(topic, query.partition, tailing)
  useEffect(() => {
    pages.start(query.start)
  }, [query])

  const browse = (next: Query) => {
    setTailing(false)
    setQuery(next)
  }

  const page = pages.page
  return (
    <>
      <BrowseForm
        key={formVersion}
        partitions={partitions}
        pageSizes={PAGE_SIZES}
        query={query}
        onBrowse={browse}
      />
      <div class="toolbar">
        <button
          type="button"
          class="button plain"
          onClick={pages.back}
          disabled={tailing || !pages.canGoBack || pages.loading}
        >
          ← Previous page
        </button>
        <button
          type="button"
          class="button plain"
          onClick={pages.forward}
          disabled={tailing || !pages.canGoForward || pages.loading}
        >
          Next page →
        </button>
        <button
          type="button"
          class="button plain"
          aria-pressed={tailing}
          onClick={() => setTailing(!tailing)}
        >
          {tailing ? 'Stop live tail' : 'Live tail'}
        </button>
        <p class="muted" aria-live="polite">
          {tailing
            ? tail.from === undefined
              ? 'Starting the live tail…'
              : `Following partition ${query.partition} from offset ${tail.from}: new records appear at the top.`
            : page && pageSummary(page)}
        </p>
      </div>
      <ErrorNote error={tailing ? tail.error : pages.error} />
      {tailing ? (
        <RecordList topic={topic} records={tail.records} empty="Waiting for new records…" />
      ) : page ? (
        <RecordList topic={topic} records={page.records} empty="No records here." />
      ) : (
        !pages.error && <Loading what="records" />
      )}
      <ProduceForm
        topic={topic}
        partitions={partitions}
        onProduced={(partition, offset) => {
          browse({ ...query, partition, start: { mode: 'offset', offset } })
          setFormVersion((v) => v + 1)
        }}
      />
    </>
  )
}

function pageSummary(page: {
  partition: number
  records: { offset: number }[]
  startOffset: number
  endOffset: number
}) {
  const first = page.records[0]?.offset
  const last = page.records.at(-1)?.offset
  const range = first === undefined ? 'no records' : `offsets ${first}–${last}`
  return `Partition ${page.partition}: ${range} (partition holds ${page.startOffset}–${page.endOffset - 1}).`
}
