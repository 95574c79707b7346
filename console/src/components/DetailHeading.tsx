import { href, type PageName } from '../lib/route.js'

/** A detail page's heading: the way back to its list, then the name of what it shows. */
export function DetailHeading({
  page,
  pageTitle,
  name,
}: {
  page: PageName
  pageTitle: string
  name: string
}) {
  return (
    <>
      <p class="crumbs">
        <a href={href(page)}>{pageTitle}</a> /
      </p>
      <h1>{name}</h1>
    </>
  )
}

/** What a detail page shows once its topic or group is deleted: the way back to the list. */
export function DeletedNotice({ kind, page, name }: { kind: string; page: PageName; name: string }) {
  return (
    <>
      <h1>{name}</h1>
      <p role="status">
        {`${kind} deleted. `}
        <a href={href(page)}>{`Back to ${page}`}</a>
      </p>
    </>
  )
}
