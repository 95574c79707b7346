import { useEffect, useRef } from 'preact/hooks'
import type { CreatedKey } from '../../api/keys.js'
import { CopyButton } from '../../components/CopyButton.js'

/** A new key's secret: shown this once (the service keeps only its hash), with a copy button. */
export function SecretOnce({ created, onDismiss }: { created: CreatedKey; onDismiss: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null)
  useEffect(() => heading.current?.focus(), [])
  return (
    <section class="panel secret" aria-labelledby="secret-title">
      <h2 id="secret-title" ref={heading} tabIndex={-1}>
        Key {created.name} created
      </h2>
      <p>Copy its secret now: it is shown this once, and the service keeps only a hash of it.</p>
      <div class="secret-value">
        <code data-testid="new-key-secret">{created.secret}</code>
        <CopyButton label="Copy secret" text={() => created.secret} />
      </div>
      <button type="button" class="button plain" onClick={onDismiss}>
        I have stored it
      </button>
    </section>
  )
}
