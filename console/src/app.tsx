import { useEffect, useRef, useState } from 'preact/hooks'
import { connection, restoreConnection } from './api/connection.js'
import { Loading } from './components/Notice.js'
import { href, type PageName } from './lib/route.js'
import { ConnectionBadge } from './pages/connect/ConnectionBadge.js'
import { ConnectPage } from './pages/connect/ConnectPage.js'
import { GroupsPage } from './pages/groups/GroupsPage.js'
import { KeysPage } from './pages/keys/KeysPage.js'
import { MessagesPage } from './pages/messages/MessagesPage.js'
import { OverviewPage } from './pages/overview/OverviewPage.js'
import { SubscriptionsPage } from './pages/subscriptions/SubscriptionsPage.js'
import { TopicsPage } from './pages/topics/TopicsPage.js'
import { route } from './router.js'

const NAV: ReadonlyArray<{ page: PageName; label: string }> = [
  { page: 'overview', label: 'Overview' },
  { page: 'topics', label: 'Topics' },
  { page: 'messages', label: 'Messages' },
  { page: 'groups', label: 'Groups' },
  { page: 'subscriptions', label: 'Subscriptions' },
  { page: 'keys', label: 'API keys' },
]

export function App() {
  const [restoring, setRestoring] = useState(true)
  const [restoreError, setRestoreError] = useState<string | undefined>(undefined)
  useEffect(() => {
    void restoreConnection().then((error) => {
      setRestoreError(error)
      setRestoring(false)
    })
  }, [])

  if (restoring) return <Loading what="the connection" />
  if (!connection.value) return <ConnectPage restoreError={restoreError} />
  return <Shell />
}

function Shell() {
  const { page, name } = route.value
  const main = useRef<HTMLElement>(null)
  const first = useRef(true)
  // A new page moves focus to it, as a page load would, so that a screen reader starts there.
  useEffect(() => {
    if (first.current) first.current = false
    else main.current?.focus()
  }, [page, name])

  return (
    <div class="shell">
      <button type="button" class="skip" onClick={() => main.current?.focus()}>
        Skip to content
      </button>
      <header class="top">
        <a class="brand" href={href('overview')}>
          <img src="./favicon.svg" alt="" width={22} height={22} />
          Sluice
        </a>
        <nav aria-label="Main">
          <ul>
            {NAV.map((item) => (
              <li key={item.page}>
                <a href={href(item.page)} aria-current={item.page === page ? 'page' : undefined}>
                  {item.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <ConnectionBadge />
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        <Page page={page} name={name} />
      </main>
    </div>
  )
}

function Page({ page, name }: { page: PageName; name: string | undefined }) {
  switch (page) {
    case 'topics':
      return <TopicsPage name={name} />
    case 'messages':
      return <MessagesPage topic={name} />
    case 'groups':
      return <GroupsPage name={name} />
    case 'subscriptions':
      return <SubscriptionsPage name={name} />
    case 'keys':
      return <KeysPage />
    default:
      return <OverviewPage />
  }
}
