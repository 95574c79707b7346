import { groupLag, isActive, loadGroups } from '../../api/cluster.js'
import { WhenListLoaded } from '../../components/WhenLoaded.js'
import { formatCount } from '../../lib/format.js'
import { href } from '../../lib/route.js'
import { useLoader } from '../../lib/use-loader.js'
import { GroupDetail } from './GroupDetail.js'

const POLL_MS = 3000

/** Every consumer group: its topics, members and lag; one group's page when `name` is given. */
export function GroupsPage({ name }: { name: string | undefined }) {
  if (name !== undefined) return <GroupDetail key={name} name={name} />
  return <GroupList />
}

function GroupList() {
  const groups = useLoader((signal) => loadGroups(signal), [], POLL_MS)
  return (
    <>
      <h1>Consumer groups</h1>
      <WhenListLoaded loaded={groups} what="groups" empty="No groups yet (or none this key has a grant on).">
        {(items) => (
          <table>
            <caption class="visually-hidden">Consumer groups</caption>
            <thead>
              <tr>
                <th scope="col">Group</th>
                <th scope="col">State</th>
                <th scope="col">Topics</th>
                <th scope="col" class="num">
                  Members
                </th>
                <th scope="col" class="num">
                  Lag
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((g) => (
                <tr key={g.group}>
                  <th scope="row">
                    <a href={href('groups', g.group)}>{g.group}</a>
                  </th>
                  <td>{isActive(g) ? 'active' : 'idle'}</td>
                  <td>{g.topics.map((t) => t.topic).join(', ') || '–'}</td>
                  <td class="num">{g.members.length}</td>
                  <td class="num">{formatCount(groupLag(g))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </WhenListLoaded>
    </>
  )
}
